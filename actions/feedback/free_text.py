"""When a message answers one of the feedback forms' free-text questions.

The complaint category and description and the review are whatever the customer writes, and
NLU reads such answers as many different intents: "late delivery" may come out as
``delivery_options``, "your service" as ``contact_customer_service``. So these slots use custom
extraction instead of ``from_text`` with a fixed ``not_intent`` list: a message is taken as the
answer unless it is clearly something else — a question on one of the topics that have their own
answer inside any form (policies, out of scope, unclear), a short "no"/"hi"/"thanks"/"bye", or a
request for a human. Those leave the slot empty, the form rejects, and the interruption rules
take over.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from icrm_models.policies.answers import TOPICS
from icrm_models.support.text import clean_text, word_count

# Intents whose message is a digression when it is a question.
QUESTION_DIGRESSIONS = frozenset({"out_of_scope", "nlu_fallback", "bot_challenge", *TOPICS})
# Intents whose message is a digression when it is short ("no", "forget it", "thanks").
SHORT_DIGRESSIONS = frozenset({"deny", "greet", "goodbye", "thank"})
ALWAYS_DIGRESSIONS = frozenset({"contact_human_agent"})
SHORT = 4  # words
_QUESTION_WORDS = frozenset(
    re.findall(
        r"\w+",
        "what whats when where wheres which who why how hows can could do does is are will "
        "would should",
    )
)


def looks_like_question(text: str) -> bool:
    """A question mark, or a question word first ("how long does delivery take")."""
    words = text.strip().lower().replace("’", "'").split()
    first = words[0].split("'")[0] if words else ""  # "what's" -> "what"
    return "?" in text or first in _QUESTION_WORDS


def latest_intent(tracker: Tracker) -> str | None:
    """The intent of the newest user message."""
    name = (tracker.latest_message.get("intent") or {}).get("name")
    return str(name) if name else None


def latest_text(tracker: Tracker) -> str:
    """The text of the newest user message ("" when there is none)."""
    return str(tracker.latest_message.get("text") or "")


def is_digression(intent: str | None, text: str) -> bool:
    """Whether a message is something other than an answer to a free-text question."""
    if intent in ALWAYS_DIGRESSIONS:
        return True
    if intent in SHORT_DIGRESSIONS and word_count(text) <= SHORT:
        return True
    return intent in QUESTION_DIGRESSIONS and looks_like_question(text)


def form_answer(tracker: Tracker, slot: str) -> str | None:
    """The newest message as the answer for ``slot``, if the form asked for it and it is one."""
    if tracker.get_slot("requested_slot") != slot:
        return None
    text = latest_text(tracker)
    if not text.strip() or is_digression(latest_intent(tracker), text):
        return None
    return text


def required_text(
    slot: str, value: Any, *, limit: int, empty: str, dispatcher: CollectingDispatcher
) -> dict[str, Any]:
    """The slot's cleaned text, or None (and ``empty`` said) when nothing is left of it."""
    text = clean_text(value, limit=limit)
    if not text:
        dispatcher.utter_message(text=empty)
        return {slot: None}
    return {slot: text}
