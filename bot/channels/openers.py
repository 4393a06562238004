"""The session-start payloads of common chat widgets, answered with the greeting.

Widgets open a conversation with a payload of their own before the customer types anything:
rasa-webchat and Botfront send ``initPayload`` (``/get_started`` by default), Chatwoot-style and
Messenger-style widgets ``/get_started`` or ``GET_STARTED``, others ``/start`` or an empty
message. None of them is an intent of ours, so the assistant answered them "Sorry, I didn't
quite get that". The channel turns each into ``/greet`` before Rasa sees it.
"""

from __future__ import annotations

GREET = "/greet"
OPENERS = frozenset(
    {
        "",
        "/get_started",
        "get_started",
        "/getstarted",
        "/start",
        "/session_start",
        "/init",
        "/hello",
    }
)


def as_greeting(text: str) -> str:
    """``/greet`` for a widget's opening payload (or an empty message), else ``text`` as it is."""
    return GREET if text.strip().lower() in OPENERS else text
