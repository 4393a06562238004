"""``action_list_recent_orders``: the logged-in customer's latest orders with date and status.

A guest proven in the chat may see the one order they proved, not the others: they are told so.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.identity import current_identity
from actions.orders.messages import NO_ORDERS, NOT_LOGGED_IN, YOUR_ORDERS, recent_orders_text
from actions.services import run_query
from icrm_models.orders.recent import latest_orders

LISTED = 5
GUEST_ONE_ORDER = (
    "You verified with order {order_id}, so that's the one order I can show you here — ask me "
    '"where is order {order_id}?". To see all your orders, please log in on our website.'
)


class ActionListRecentOrders(SafeAction):
    """List the customer's newest orders; reveal nothing to anyone unverified."""

    def name(self) -> str:
        return "action_list_recent_orders"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        identity = current_identity(tracker)
        if identity is None or (not identity.logged_in and identity.order_id is None):
            dispatcher.utter_message(text=NOT_LOGGED_IN)
            return []
        if not identity.logged_in:
            dispatcher.utter_message(text=GUEST_ONE_ORDER.format(order_id=identity.order_id))
            return []
        customer_id = identity.customer_id
        orders = await run_query(lambda s: latest_orders(s, customer_id=customer_id, limit=LISTED))
        if orders:
            dispatcher.utter_message(text=YOUR_ORDERS.format(orders=recent_orders_text(orders)))
        else:
            dispatcher.utter_message(text=NO_ORDERS)
        return []
