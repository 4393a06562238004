"""``action_list_recent_orders``: the verified customer's latest orders with date and status."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.identity import current_customer_id
from actions.orders.messages import NO_ORDERS, NOT_LOGGED_IN, YOUR_ORDERS, recent_orders_text
from actions.services import run_query
from icrm_models.orders.recent import latest_orders

LISTED = 5


class ActionListRecentOrders(SafeAction):
    """List the customer's newest orders; reveal nothing to anyone unverified."""

    def name(self) -> str:
        return "action_list_recent_orders"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        customer_id = current_customer_id(tracker)
        if customer_id is None:
            dispatcher.utter_message(text=NOT_LOGGED_IN)
            return []
        orders = await run_query(lambda s: latest_orders(s, customer_id=customer_id, limit=LISTED))
        if orders:
            dispatcher.utter_message(text=YOUR_ORDERS.format(orders=recent_orders_text(orders)))
        else:
            dispatcher.utter_message(text=NO_ORDERS)
        return []
