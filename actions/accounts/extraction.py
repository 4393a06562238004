"""When a message may fill one of the account forms' slots.

A slot takes a value only from the message that answers the form's question for it, or from the
request that started the form ("change my e-mail to ..."). Never from anything else: an e-mail
typed to prove one's identity must not become the new e-mail of the account, and a policy
question asked in the middle of a form is answered, not saved as a name.
"""

from __future__ import annotations

from collections.abc import Collection

from rasa_sdk import Tracker

from icrm_models.policies.answers import TOPICS

# Intents that are never an answer to a form's question (the lead's interruption rules
# handle them; the domain's from_text mappings exclude them too).
NOT_AN_ANSWER = frozenset({"deny", "out_of_scope", "nlu_fallback", *TOPICS})


def latest_intent(tracker: Tracker) -> str | None:
    """The intent of the newest user message."""
    name = (tracker.latest_message.get("intent") or {}).get("name")
    return str(name) if name else None


def latest_text(tracker: Tracker) -> str:
    """The text of the newest user message ("" when there is none)."""
    return str(tracker.latest_message.get("text") or "")


def latest_entities(tracker: Tracker, entity: str) -> list[str]:
    """Every value of ``entity`` in the newest user message, in order."""
    return [str(value) for value in tracker.get_latest_entity_values(entity) if value]


def may_fill(tracker: Tracker, slot: str, triggers: Collection[str]) -> bool:
    """Whether the newest message may fill ``slot``.

    It may when the form asked for ``slot``, or when it is the request (one of ``triggers``)
    that starts the form, i.e. no question is pending yet.
    """
    intent = latest_intent(tracker)
    if intent in NOT_AN_ANSWER:
        return False
    requested = tracker.get_slot("requested_slot")
    if requested == slot:
        return True
    return requested is None and intent in triggers
