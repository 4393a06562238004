"""When a message may fill one of the account forms' slots.

A slot takes a value only from the message that answers the form's question for it, or from the
request that started the form ("change my e-mail to ..."). Never from anything else: an e-mail
typed to prove one's identity must not become the new e-mail of the account, and a policy
question asked in the middle of a form is answered, not saved as a name.
"""

from __future__ import annotations

from collections.abc import Collection

from rasa_sdk import Tracker

from actions.digressions.answers import latest_intent, latest_is_digression


def latest_entities(tracker: Tracker, entity: str) -> list[str]:
    """Every value of ``entity`` in the newest user message, in order."""
    return [str(value) for value in tracker.get_latest_entity_values(entity) if value]


def may_fill(tracker: Tracker, slot: str, triggers: Collection[str]) -> bool:
    """Whether the newest message may fill ``slot``.

    It may when the form asked for ``slot``, or when it is the request (one of ``triggers``)
    that starts the form, i.e. no question is pending yet.
    """
    requested = tracker.get_slot("requested_slot")
    if requested == slot:
        return not latest_is_digression(tracker)
    return requested is None and latest_intent(tracker) in triggers
