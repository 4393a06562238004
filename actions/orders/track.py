"""``action_track_order``: the status of one of the verified customer's orders."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.orders.messages import NOT_FOUND, describe_order
from actions.orders.request import verified_order
from actions.services import run_query
from icrm_models.orders.status import order_status


class ActionTrackOrder(SafeAction):
    """Tell a verified customer where their order is; reveal nothing to anyone else."""

    def name(self) -> str:
        return "action_track_order"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet("order_id", None)]
        found = verified_order(tracker, dispatcher)
        if found is None:
            return reset
        customer_id, order_id = found
        status = await run_query(
            lambda s: order_status(s, customer_id=customer_id, order_id=order_id)
        )
        if status is None:
            dispatcher.utter_message(text=NOT_FOUND.format(order_id=order_id))
        else:
            dispatcher.utter_message(text=describe_order(status))
        return reset
