"""Validation of ``change_order_form``: which order, then what should change (free text)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.digressions.answers import answer_slot
from actions.orders.messages import INVALID_CHANGE_REQUEST
from actions.orders.order_form import OrderFormValidation, corrected_order
from icrm_models.orders.changes import parse_change_request
from icrm_models.orders.lifecycle import is_before_shipment


class ValidateChangeOrderForm(OrderFormValidation):
    """Only an order that hasn't shipped can be changed."""

    def name(self) -> str:
        return "validate_change_order_form"

    def allows(self, status: str) -> bool:
        return is_before_shipment(status)

    def extract_change_request(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """What should change, in the customer's words ("swap the M for an L, is that ok?")."""
        return answer_slot(tracker, "change_request", descriptive=True)

    def validate_change_request(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if corrected_order(tracker) is not None:
            return {"change_request": None}  # "sorry, it's order 10045": not the change itself
        request = parse_change_request(slot_value)
        if request is None:
            dispatcher.utter_message(text=INVALID_CHANGE_REQUEST)
        return {"change_request": request}
