"""Validation of the order look-up form: an order number is digits only."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.orders.messages import INVALID_NUMBER
from actions.verification import VerifiedFormValidation
from icrm_models.orders.status import parse_order_number


class ValidateOrderLookupForm(VerifiedFormValidation):
    """Accept "10023", "#10023", "order 10023"; ask again for anything else."""

    def name(self) -> str:
        return "validate_order_lookup_form"

    def validate_order_id(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        order_id = parse_order_number(slot_value)
        if order_id is None:
            dispatcher.utter_message(text=INVALID_NUMBER)
            return {"order_id": None}
        return {"order_id": str(order_id)}
