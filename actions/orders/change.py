"""``action_change_order``: pass the customer's change to a colleague while it can still be done.

A chat can't repack a parcel, so the change becomes a support ticket (category
``order_change``) for the warehouse team; once the order has shipped, the answer is a return.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.orders.messages import (
    CHANGE_RECORDED,
    INVALID_CHANGE_REQUEST,
    NOT_FOUND,
    change_refused,
)
from actions.orders.request import verified_order
from actions.services import run_query, services
from icrm_models.orders.changes import parse_change_request, request_order_change
from icrm_models.orders.lifecycle import is_before_shipment
from icrm_models.orders.owned import order_summary


class ActionChangeOrder(SafeAction):
    """Record the change for a colleague, or explain why the order can't change any more."""

    def name(self) -> str:
        return "action_change_order"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet("order_id", None), SlotSet("change_request", None)]
        found = verified_order(tracker, dispatcher)
        if found is None:
            return reset
        customer_id, order_id = found
        window_days = services().policies.get().refund.window_days
        request = parse_change_request(tracker.get_slot("change_request"))
        if request is None:
            # The form ended without asking what to change: the order's status rules it out.
            summary = await run_query(
                lambda s: order_summary(s, customer_id=customer_id, order_id=order_id)
            )
            if summary is None:
                dispatcher.utter_message(text=NOT_FOUND.format(order_id=order_id))
            elif is_before_shipment(summary.status):
                dispatcher.utter_message(text=INVALID_CHANGE_REQUEST)
            else:
                dispatcher.utter_message(text=change_refused(order_id, summary.status, window_days))
            return reset
        now = self.clock()
        result = await run_query(
            lambda s: request_order_change(
                s,
                customer_id=customer_id,
                order_id=order_id,
                request=request,
                conversation_id=tracker.sender_id,
                now=now,
            )
        )
        if result is None:
            dispatcher.utter_message(text=NOT_FOUND.format(order_id=order_id))
        elif result.ticket_id is None:
            dispatcher.utter_message(text=change_refused(order_id, result.status, window_days))
        else:
            dispatcher.utter_message(
                text=CHANGE_RECORDED.format(order_id=order_id, ticket_id=result.ticket_id)
            )
        return reset
