"""Validation of ``return_form``: which order, why, and the customer's go-ahead.

The return rule is applied as soon as the customer is verified and the order is known: an order
that can't be returned ends the form at once (``required_slots`` becomes empty) and
``action_create_return`` says why, instead of asking for a reason first.

The order number that proved the customer's identity is not taken as the order to return. A new
order number while the customer is asked to confirm replaces the order, and the question is
asked again for the new one.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.digressions.answers import answer_slot
from actions.order_number import read_order_number
from actions.order_scope import may_see_order
from actions.orders.messages import INVALID_NUMBER
from actions.orders.order_form import OrderDecidesValidation
from actions.refunds.messages import REASON_UNREADABLE
from actions.refunds.return_check import return_check
from actions.slot_history import slot_before_latest_message
from actions.verification import IDENTITY_SLOTS
from icrm_models.after_sales.request import clean_reason
from icrm_models.orders.status import parse_order_number

ORDER_SLOT = "order_id"
REASON_SLOT = "return_reason"
CONFIRMATION_SLOT = "confirmation"


def order_changed_in_latest_message(tracker: Tracker) -> bool:
    """Whether the newest message named a different order than the form had."""
    current = parse_order_number(tracker.get_slot(ORDER_SLOT))
    before = parse_order_number(slot_before_latest_message(tracker, ORDER_SLOT))
    return current is not None and before is not None and current != before


class ValidateReturnForm(OrderDecidesValidation):
    """Ask for the order, the reason and a yes; stop early when the order can't be returned."""

    def name(self) -> str:
        return "validate_return_form"

    async def slots_for_order(
        self, slots: list[str], tracker: Tracker, customer_id: int, order_id: int
    ) -> list[str]:
        if not may_see_order(tracker, order_id):
            return []  # a guest's other order: action_create_return answers as for a stranger's
        check = await return_check(customer_id=customer_id, order_id=order_id, now=self.clock())
        # Nothing left to ask when the order can't be returned: action_create_return says why.
        return slots if check.eligible else []

    def extract_confirmation(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # "No, I meant 10041" corrects the order; it doesn't answer the question.
        if order_changed_in_latest_message(tracker):
            return {}
        return super().extract_confirmation(dispatcher, tracker, domain)

    def validate_confirmation(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        # Only an answer to this form's own question counts: a "yes" left over from another
        # form (the slot is shared) must never start a return.
        answered = (
            tracker.active_loop_name == self.form_name()
            and tracker.get_slot("requested_slot") == CONFIRMATION_SLOT
            and isinstance(slot_value, bool)
        )
        return {CONFIRMATION_SLOT: slot_value if answered else None}

    def validate_order_id(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") in IDENTITY_SLOTS:
            # That number proved who the customer is; it isn't the order they want to return.
            return {ORDER_SLOT: slot_before_latest_message(tracker, ORDER_SLOT)}
        order_id = read_order_number(slot_value, dispatcher, unreadable=INVALID_NUMBER)
        return {ORDER_SLOT: None if order_id is None else str(order_id)}

    def extract_return_reason(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The reason in the customer's words ("too small — can I get a bigger one?")."""
        return answer_slot(tracker, REASON_SLOT, descriptive=True)

    def validate_return_reason(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if tracker.active_loop_name != self.form_name():
            return {REASON_SLOT: None}  # left over from an abandoned return, not this one's
        if order_changed_in_latest_message(tracker):
            return {REASON_SLOT: None}  # "actually it's order 10040" is no reason
        reason = clean_reason(slot_value)
        if reason is None:
            dispatcher.utter_message(text=REASON_UNREADABLE)
        return {REASON_SLOT: reason}
