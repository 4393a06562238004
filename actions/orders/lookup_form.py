"""Validation of the order look-up form: an order number is digits only."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.order_number import read_order_number
from actions.orders.messages import INVALID_NUMBER
from actions.verification import VerifiedFormValidation


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
        order_id = read_order_number(slot_value, dispatcher, unreadable=INVALID_NUMBER)
        return {"order_id": None if order_id is None else str(order_id)}
