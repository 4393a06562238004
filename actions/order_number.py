"""Reading an order number from a customer's answer to a form's question.

Every form that asks for an order number (the order look-up, the order forms, returns, and
identity verification) treats an unreadable answer the same way: it says so and asks again.
That rule is written here once; each form says it in its own words.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from icrm_models.orders.status import parse_order_number


def read_order_number(
    slot_value: Any, dispatcher: CollectingDispatcher, *, unreadable: str
) -> int | None:
    """The order number in ``slot_value`` ("10023", "#10023", "order 10023").

    ``None`` after telling the customer ``unreadable``: the form clears its slot and asks again.
    """
    order_id = parse_order_number(slot_value)
    if order_id is None:
        dispatcher.utter_message(text=unreadable)
    return order_id
