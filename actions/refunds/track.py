"""``action_track_refund``: where the verified customer's latest returns and refunds stand.

A guest proven in the chat sees the cases of the order they proved only; another order of theirs
gets the answer someone else's order gets (no case for it).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.identity import current_identity
from actions.orders.messages import INVALID_NUMBER
from actions.refunds.messages import NO_CASE_FOR_ORDER, NO_CASES, NOT_LOGGED_IN, describe_cases
from actions.refunds.request_entities import entity_in_request
from actions.services import run_query, services
from icrm_models.after_sales.status import refund_cases
from icrm_models.orders.status import parse_order_number

INTENTS = ("track_refund",)


class ActionTrackRefund(SafeAction):
    """Tell a verified customer about their returns and refunds; reveal nothing to anyone else."""

    def name(self) -> str:
        return "action_track_refund"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet("order_id", None)]
        identity = current_identity(tracker)
        if identity is None:
            dispatcher.utter_message(text=NOT_LOGGED_IN)
            return reset
        customer_id = identity.customer_id
        named = entity_in_request(tracker, INTENTS, "order_id")
        order_id = parse_order_number(named)
        if named is not None and order_id is None:
            dispatcher.utter_message(text=INVALID_NUMBER)
            return reset
        if order_id is None and not identity.logged_in:
            order_id = identity.order_id  # a guest's cases: those of the order they proved
        visible = identity.logged_in or (order_id is not None and identity.may_see_order(order_id))
        cases = (
            await run_query(lambda s: refund_cases(s, customer_id=customer_id, order_id=order_id))
            if visible
            else []
        )
        if not cases:
            text = NO_CASE_FOR_ORDER.format(order_id=order_id) if order_id else NO_CASES
        else:
            text = describe_cases(cases, services().policies.get())
        dispatcher.utter_message(text=text)
        return reset
