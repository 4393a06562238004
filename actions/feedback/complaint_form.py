"""Validation of ``complaint_form``: what the complaint is about and what happened.

Guests may complain too, so this needs no verification. The first complaint message often says
it all ("the package was soaked and the box crushed when it arrived"): the category is taken
from it when it clearly points to one, and the description when it has at least
``PREFILL_MIN_WORDS`` words, so the form doesn't ask again for what it was told.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.digressions.answers import answer_slot, latest_intent, latest_text
from actions.errors import SafeFormValidation
from actions.feedback.free_text import required_text
from actions.feedback.messages import CATEGORY_UNCLEAR, SUMMARY_EMPTY
from icrm_models.support.categories import match_category
from icrm_models.support.text import word_count

FORM = "complaint_form"
CATEGORY = "complaint_category"
SUMMARY = "complaint_summary"
PREFILL_MIN_WORDS = 8
SUMMARY_LIMIT = 2000
# After this many unclear answers the complaint is filed as "other" instead of asking forever
# (the customer's words still reach the colleague with the ticket).
MAX_CATEGORY_QUESTIONS = 2


def starting(tracker: Tracker) -> bool:
    """Whether the form is being activated by the complaint message itself."""
    return tracker.active_loop_name != FORM and latest_intent(tracker) == "complaint"


def times_asked(tracker: Tracker, slot: str) -> int:
    """How often the form has asked for ``slot`` since it was last activated."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            break
        if (
            event.get("event") == "slot"
            and event.get("name") == "requested_slot"
            and event.get("value") == slot
        ):
            count += 1
    return count


class ValidateComplaintForm(SafeFormValidation):
    """Map the category to one of ours; keep the description in the customer's words."""

    def name(self) -> str:
        return "validate_complaint_form"

    def extract_complaint_category(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if starting(tracker):
            category = match_category(latest_text(tracker), strict=True)
            return {CATEGORY: category} if category else {}
        return answer_slot(tracker, CATEGORY, descriptive=True)

    def extract_complaint_summary(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if starting(tracker):
            text = latest_text(tracker)
            return {SUMMARY: text} if word_count(text) >= PREFILL_MIN_WORDS else {}
        return answer_slot(tracker, SUMMARY, descriptive=True)

    def validate_complaint_category(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        category = match_category(str(slot_value) if slot_value is not None else None)
        if category is None:
            if times_asked(tracker, CATEGORY) >= MAX_CATEGORY_QUESTIONS:
                return {CATEGORY: "other"}
            dispatcher.utter_message(text=CATEGORY_UNCLEAR)
        return {CATEGORY: category}

    def validate_complaint_summary(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return required_text(
            SUMMARY, slot_value, limit=SUMMARY_LIMIT, empty=SUMMARY_EMPTY, dispatcher=dispatcher
        )
