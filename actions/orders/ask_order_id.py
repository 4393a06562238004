"""``action_ask_order_id``: "which order?" — with the verified customer's latest orders.

Rasa runs ``action_ask_<slot>`` instead of ``utter_ask_<slot>`` whenever a form asks for
``order_id``, so every order form lists the customer's three newest orders to pick from.
Someone not logged in gets the plain question (``utter_ask_order_id``) — a guest proven in the
chat too, who may see only the order they proved — and so does everyone when the list can't be
read: it's a convenience, not worth losing the question over.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction, unless_unavailable
from actions.order_scope import personal_customer_id
from actions.orders.messages import (
    ORDER_QUESTION,
    ORDER_QUESTIONS,
    PICK_FROM_RECENT,
    TYPE_THE_NUMBER,
    recent_orders_text,
)
from actions.services import run_query
from icrm_models.orders.recent import latest_orders

SHOWN = 3  # orders listed in the question


class ActionAskOrderId(SafeAction):
    """Ask which order, listing the customer's latest ones when they are logged in."""

    def name(self) -> str:
        return "action_ask_order_id"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        customer_id = personal_customer_id(tracker)
        if customer_id is None:
            dispatcher.utter_message(response="utter_ask_order_id")
            return []
        question = ORDER_QUESTIONS.get(tracker.active_loop_name or "", ORDER_QUESTION)
        orders = await unless_unavailable(
            run_query(lambda s: latest_orders(s, customer_id=customer_id, limit=SHOWN)),
            tracker,
            "latest orders",
        )
        if orders is None:  # the list is a convenience: the plain question instead
            dispatcher.utter_message(response="utter_ask_order_id")
            return []
        if orders:
            text = f"{question} {PICK_FROM_RECENT.format(orders=recent_orders_text(orders))}"
        else:
            text = f"{question} {TYPE_THE_NUMBER}"
        dispatcher.utter_message(text=text)
        return []
