"""Who asks about which order: the first check of every action that takes an order number."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.identity import current_identity
from actions.orders.messages import INVALID_NUMBER, NOT_FOUND, NOT_LOGGED_IN
from icrm_models.orders.status import parse_order_number


def verified_order(
    tracker: Tracker,
    dispatcher: CollectingDispatcher,
    *,
    not_logged_in: str = NOT_LOGGED_IN,
    not_found: str = NOT_FOUND,
) -> tuple[int, int] | None:
    """(customer id, order number) of this request, or None after telling the customer why not.

    Ownership is not checked here: each action's query only ever finds the customer's own
    orders, so someone else's order number gets the same answer as a missing one. A guest
    proven in the chat may act on the order they proved only: any other number gets
    ``not_found`` (the caller's answer for an order that isn't the customer's) right here.
    """
    identity = current_identity(tracker)
    if identity is None:
        dispatcher.utter_message(text=not_logged_in)
        return None
    order_id = parse_order_number(tracker.get_slot("order_id"))
    if order_id is None:
        dispatcher.utter_message(text=INVALID_NUMBER)
        return None
    if not identity.may_see_order(order_id):
        dispatcher.utter_message(text=not_found.format(order_id=order_id))
        return None
    return identity.customer_id, order_id
