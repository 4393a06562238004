"""Validation of ``review_form``: the review in the customer's words (no verification needed;
a review from a guest is stored without a customer)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.digressions.answers import answer_slot
from actions.errors import SafeFormValidation
from actions.feedback.free_text import required_text
from actions.feedback.messages import REVIEW_EMPTY
from icrm_models.support.reviews import TEXT_LIMIT

REVIEW_TEXT = "review_text"


class ValidateReviewForm(SafeFormValidation):
    """Take the answer to "what would you like to say?" as the review."""

    def name(self) -> str:
        return "validate_review_form"

    def extract_review_text(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return answer_slot(tracker, REVIEW_TEXT, descriptive=True)

    def validate_review_text(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return required_text(
            REVIEW_TEXT, slot_value, limit=TEXT_LIMIT, empty=REVIEW_EMPTY, dispatcher=dispatcher
        )
