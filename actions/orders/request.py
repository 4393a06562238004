"""Who asks about which order: the first check of every action that takes an order number."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.identity import current_customer_id
from actions.orders.messages import INVALID_NUMBER, NOT_LOGGED_IN
from icrm_models.orders.status import parse_order_number


def verified_order(
    tracker: Tracker, dispatcher: CollectingDispatcher, *, not_logged_in: str = NOT_LOGGED_IN
) -> tuple[int, int] | None:
    """(customer id, order number) of this request, or None after telling the customer why not.

    Ownership is not checked here: each action's query only ever finds the customer's own
    orders, so someone else's order number gets the same answer as a missing one.
    """
    customer_id = current_customer_id(tracker)
    if customer_id is None:
        dispatcher.utter_message(text=not_logged_in)
        return None
    order_id = parse_order_number(tracker.get_slot("order_id"))
    if order_id is None:
        dispatcher.utter_message(text=INVALID_NUMBER)
        return None
    return customer_id, order_id
