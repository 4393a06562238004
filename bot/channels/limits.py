"""What a chat message must be before Rasa spends anything on it.

NLU costs about 50 ms per kB of text on two cores, and one Rasa process parses one message at a
time: a 100 kB message held up every other chat for 4.5 s. A message over the limit is answered
with a polite sentence by the channel itself, so it never reaches NLU, the policies or the
tracker store.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage

from channels.openers import as_greeting

MAX_MESSAGE_CHARS_ENV = "ICRM_MAX_MESSAGE_CHARS"
DEFAULT_MAX_MESSAGE_CHARS = 2000
# The tracker store keeps the conversation id in a 255-character column.
MAX_SENDER_CHARS = 255

TOO_LONG = "That message is too long for me — could you say it in fewer words?"
NOT_TEXT = "Sorry, I can only read text messages."

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def max_message_chars(environ: dict[str, str] | None = None) -> int:
    """The limit from ``ICRM_MAX_MESSAGE_CHARS`` (icrm passes the setting), else 2000."""
    raw = (os.environ if environ is None else environ).get(MAX_MESSAGE_CHARS_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_MESSAGE_CHARS
    try:
        limit = int(raw)
    except ValueError:
        limit = 0
    if limit < 1:
        raise ValueError(
            f"{MAX_MESSAGE_CHARS_ENV} must be a whole number of at least 1, got {raw!r}"
        )
    return limit


def guard_messages(on_new_message: OnNewMessage, *, limit: int) -> OnNewMessage:
    """``on_new_message`` behind the size check: a message too long (or not text) is answered
    politely on its own output channel, to its conversation, and never reaches Rasa's agent; a
    widget's opening payload reaches it as ``/greet`` (:mod:`channels.openers`)."""

    async def guarded(message: UserMessage) -> Any:
        text = message.text
        refusal = None
        if not isinstance(text, str):
            refusal = NOT_TEXT
        elif len(text) > limit:
            refusal = TOO_LONG
        if refusal is None:
            message.text = as_greeting(text)
            return await on_new_message(message)
        await message.output_channel.send_text_message(message.sender_id, refusal)
        return None

    return guarded


def rest_body_error(body: Any) -> str | None:
    """Why a REST webhook body is refused (None: it is fine).

    Without a ``sender`` Rasa files the message under the conversation ``default``, which every
    such client shares, so one of them would read and continue the others' conversations.
    """
    example = 'send {"sender": "<conversation id>", "message": "<text>"}'
    if not isinstance(body, dict):
        return f"the body must be a JSON object: {example}"
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip():
        return f"a message needs its conversation id as a non-empty string: {example}"
    if len(sender) > MAX_SENDER_CHARS:
        return f"the sender (conversation id) may have at most {MAX_SENDER_CHARS} characters"
    if not isinstance(body.get("message"), str):
        return f"the message must be a string: {example}"
    return None
