"""What every form about one of the customer's orders shares: which order, and whether it may.

The forms for cancelling, changing and re-addressing an order ask for ``order_id`` first and
then for what the customer wants. Their validation (:class:`OrderFormValidation`):

* checks the order is the verified customer's own — someone else's number gets exactly the
  answer a non-existent one gets, and so does, for a guest proven in the chat, any order but
  the one they proved (:mod:`actions.order_scope`);
* never takes the order number typed to prove one's identity, nor one left over from an earlier
  request, as the order to act on;
* ends the form right after the order number when the order's status rules the request out
  (a shipped order can't be cancelled), so the customer isn't asked for details in vain;
* takes a new order number given later ("no, I meant order 10045") as a correction: the
  answers given for the old order are dropped and asked again.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.identity import current_customer_id
from actions.order_number import read_order_number
from actions.order_scope import may_see_order
from actions.orders.messages import INVALID_NUMBER, NOT_FOUND
from actions.services import run_query
from actions.slot_history import slot_before_latest_message
from actions.verification import IDENTITY_SLOTS, VerifiedFormValidation
from icrm_models.orders.owned import order_summary
from icrm_models.orders.status import parse_order_number

ORDER_SLOT = "order_id"
REQUESTED_SLOT = "requested_slot"


def mentioned_order(tracker: Tracker) -> int | None:
    """The order number recognised in the newest message, if any."""
    return parse_order_number(next(tracker.get_latest_entity_values(ORDER_SLOT), None))


def corrected_order(tracker: Tracker) -> int | None:
    """A new order number given after the form already had one: the customer corrects it."""
    requested = tracker.get_slot(REQUESTED_SLOT)
    if requested in (None, ORDER_SLOT) or requested in IDENTITY_SLOTS:
        return None
    mentioned = mentioned_order(tracker)
    previous = parse_order_number(slot_before_latest_message(tracker, ORDER_SLOT))
    if mentioned is None or previous is None or mentioned == previous:
        return None
    return mentioned


class OrderDecidesValidation(VerifiedFormValidation):
    """Validation of a form whose questions after the order number depend on that order.

    Once the customer is verified and the form has an order number, ``slots_for_order`` decides
    what is left to ask (e.g. nothing, when the order's status rules the request out).
    """

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        slots = await super().required_slots(domain_slots, dispatcher, tracker, domain)
        customer_id = current_customer_id(tracker)
        order_id = parse_order_number(tracker.get_slot(ORDER_SLOT))
        if customer_id is None or order_id is None or ORDER_SLOT not in slots:
            return slots
        return await self.slots_for_order(slots, tracker, customer_id, order_id)

    @abstractmethod
    async def slots_for_order(
        self, slots: list[str], tracker: Tracker, customer_id: int, order_id: int
    ) -> list[str]:
        """The questions still to ask, of ``slots``, for the customer's order ``order_id``."""


class OrderFormValidation(OrderDecidesValidation):
    """Validation of a form whose first question is which of the customer's orders."""

    @abstractmethod
    def allows(self, status: str) -> bool:
        """Whether the form's request is possible for an order in ``status``."""

    def later_slots(self, domain: DomainDict) -> list[str]:
        """The form's questions after the order number, answered for one particular order."""
        slots = list(self.domain_slots(domain))
        return slots[slots.index(ORDER_SLOT) + 1 :] if ORDER_SLOT in slots else []

    async def slots_for_order(
        self, slots: list[str], tracker: Tracker, customer_id: int, order_id: int
    ) -> list[str]:
        if not may_see_order(tracker, order_id):
            return slots  # as for someone else's order: the validation asks again
        summary = await run_query(
            lambda s: order_summary(s, customer_id=customer_id, order_id=order_id)
        )
        if summary is None or self.allows(summary.status):
            return slots
        # Nothing more to ask: the action explains why the request isn't possible.
        return slots[: slots.index(ORDER_SLOT) + 1]

    async def validate_order_id(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        previous = slot_before_latest_message(tracker, ORDER_SLOT)
        if requested in IDENTITY_SLOTS:
            # The number typed to prove who one is isn't the order to act on.
            return {ORDER_SLOT: previous}
        if requested is None and mentioned_order(tracker) is None:
            # Left over from an earlier request: ask rather than act on it.
            return {ORDER_SLOT: None}
        order_id = read_order_number(slot_value, dispatcher, unreadable=INVALID_NUMBER)
        if order_id is None:
            return {ORDER_SLOT: None}
        customer_id = current_customer_id(tracker)
        if customer_id is None:
            return {ORDER_SLOT: str(order_id)}  # checked once the customer is verified
        result: dict[str, Any] = {ORDER_SLOT: str(order_id)}
        if corrected_order(tracker) is not None:
            result.update({slot: None for slot in self.later_slots(domain)})
        if not await self._visible_summary(tracker, customer_id, order_id):
            dispatcher.utter_message(text=NOT_FOUND.format(order_id=order_id))
            result[ORDER_SLOT] = None
        return result

    async def validate_identity_order_id(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Verify the customer, then check the order they named before is really theirs."""
        result = await super().validate_identity_order_id(slot_value, dispatcher, tracker, domain)
        order_id = parse_order_number(tracker.get_slot(ORDER_SLOT))
        if order_id is None:
            return result
        tracker.slots.update(result)
        customer_id = current_customer_id(tracker)
        if customer_id is None:
            return result
        if not await self._visible_summary(tracker, customer_id, order_id):
            dispatcher.utter_message(text=NOT_FOUND.format(order_id=order_id))
            return {**result, ORDER_SLOT: None}
        return result

    @staticmethod
    async def _visible_summary(tracker: Tracker, customer_id: int, order_id: int) -> bool:
        """Whether ``order_id`` is the customer's and this conversation may see it."""
        if not may_see_order(tracker, order_id):
            return False
        summary = await run_query(
            lambda s: order_summary(s, customer_id=customer_id, order_id=order_id)
        )
        return summary is not None
