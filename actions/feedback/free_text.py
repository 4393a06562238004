"""The feedback forms' free-text answers: cleaned, or refused when nothing is left.

The complaint category and description and the review are whatever the customer writes, and
NLU reads such answers as many different intents: "late delivery" may come out as
``delivery_options``, "your service" as ``contact_customer_service``. So these slots use custom
extraction (``form_answer(..., descriptive=True)`` in :mod:`actions.digressions.answers`) instead
of ``from_text`` with a fixed ``not_intent`` list.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from icrm_models.support.text import clean_text


def required_text(
    slot: str, value: Any, *, limit: int, empty: str, dispatcher: CollectingDispatcher
) -> dict[str, Any]:
    """The slot's cleaned text, or None (and ``empty`` said) when nothing is left of it."""
    text = clean_text(value, limit=limit)
    if not text:
        dispatcher.utter_message(text=empty)
        return {slot: None}
    return {slot: text}
