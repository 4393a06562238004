"""The one rule for whether a message answers the question a form asked.

Every form's slot that takes what the customer writes (an e-mail, a name, an address, a reason,
a complaint) asks this module. A message is an answer unless it is clearly something else:

- a request for a human, always;
- a short "yes" / "no" / "hi" / "thanks" / "bye" (a longer message with such an intent may still
  be the answer, e.g. "no, it arrived broken" as a complaint);
- a policy question, out of scope or an unclear message (for short values such as an e-mail or a
  name, whatever its shape);
- any question ("where is my order?", "how do I cancel?") where the form asked for a short
  value. Descriptive answers (a complaint, a review) may be phrased as questions ("why did I get
  the wrong size?"), so there only questions on the policy topics, out of scope, unclear or about
  the bot count as something else.

A message that isn't an answer leaves the slot empty, the form rejects it, and the interruption
rules (``bot/data/rules/form_interruptions.yml``) answer it or switch to the new request.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker

from icrm_models.policies.answers import TOPICS
from icrm_models.support.text import word_count

# Never an answer to a short-value question, whatever the message looks like.
NOT_AN_ANSWER = frozenset({"deny", "out_of_scope", "nlu_fallback", *TOPICS})
# Intents whose message is a digression inside a descriptive answer when it is a question.
QUESTION_DIGRESSIONS = frozenset({"out_of_scope", "nlu_fallback", "bot_challenge", *TOPICS})
# Intents whose message is a digression when it is short ("no", "forget it", "thanks", "yes":
# yes/no questions have their own extraction, never this rule).
SHORT_DIGRESSIONS = frozenset({"deny", "affirm", "greet", "goodbye", "thank"})
ALWAYS_DIGRESSIONS = frozenset({"contact_human_agent"})
# A question with this intent still answers a short-value question ("is it a@b.org?").
ANSWER_INTENTS = frozenset({"inform", "affirm"})
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


def is_digression(intent: str | None, text: str, *, descriptive: bool = False) -> bool:
    """Whether a message is something other than the answer to a form's question.

    ``descriptive`` is for answers that describe something in the customer's own words.
    """
    if intent in ALWAYS_DIGRESSIONS:
        return True
    if intent in SHORT_DIGRESSIONS and word_count(text) <= SHORT:
        return True
    if descriptive:
        return intent in QUESTION_DIGRESSIONS and looks_like_question(text)
    if intent in NOT_AN_ANSWER:
        return True
    return looks_like_question(text) and intent not in ANSWER_INTENTS


def latest_is_digression(tracker: Tracker, *, descriptive: bool = False) -> bool:
    """:func:`is_digression` for the newest user message."""
    return is_digression(latest_intent(tracker), latest_text(tracker), descriptive=descriptive)


def form_answer(tracker: Tracker, slot: str, *, descriptive: bool = False) -> str | None:
    """The newest message as the answer for ``slot``, if the form asked for it and it is one."""
    if tracker.get_slot("requested_slot") != slot:
        return None
    text = latest_text(tracker)
    if not text.strip() or latest_is_digression(tracker, descriptive=descriptive):
        return None
    return text


def answer_slot(tracker: Tracker, slot: str, *, descriptive: bool = False) -> dict[str, Any]:
    """A form's custom extraction of ``slot``: ``{slot: text}`` for an answer, else nothing.

    What every ``extract_<slot>`` of a free-text question returns (see :func:`form_answer`).
    """
    answer = form_answer(tracker, slot, descriptive=descriptive)
    return {} if answer is None else {slot: answer}
