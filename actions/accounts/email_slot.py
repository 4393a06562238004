"""The e-mail questions of the sign-up and password-reset forms (no identity check needed)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.accounts.extraction import latest_entities, may_fill
from actions.accounts.messages import INVALID_EMAIL
from actions.digressions.answers import latest_text
from icrm_models.accounts.details import find_email


def extract_email(tracker: Tracker, slot: str, triggers: tuple[str, ...]) -> dict[str, Any]:
    """``slot`` from the newest message: its e-mail entity, or an address in its text.

    At the start of the form only a real address counts (the form asks otherwise); as the
    answer to the question, the text is kept so that validation can say what's wrong with it.
    """
    if not may_fill(tracker, slot, triggers):
        return {}
    text = latest_text(tracker)
    found = next(
        (e for e in map(find_email, latest_entities(tracker, "email")) if e), None
    ) or find_email(text)
    if found is not None:
        return {slot: found}
    return {slot: text} if tracker.get_slot("requested_slot") == slot else {}


def validate_email(slot: str, value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """``value`` normalised as an e-mail address, or the slot emptied with a hint."""
    email = find_email(value if isinstance(value, str) else None)
    if email is None:
        dispatcher.utter_message(text=INVALID_EMAIL)
    return {slot: email}
