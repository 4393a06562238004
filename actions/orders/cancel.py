"""``action_cancel_order``: cancel the order the form settled on, if the customer said yes.

Everything is checked again here (who the customer is, whose order, whether its status still
allows it): the form's answers are only what the customer wants, the database decides what
happens. The cancellation itself is ``icrm_models.orders.cancellation.cancel_order``.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.orders.messages import (
    LEFT_AS_IS,
    NOT_CONFIRMED,
    NOT_FOUND,
    cancellation_done,
    not_cancellable,
)
from actions.orders.request import verified_order
from actions.services import run_query, services
from icrm_models.orders.cancellation import cancel_order, cancellation_quote


class ActionCancelOrder(SafeAction):
    """Cancel after a yes; leave the order alone after a no; explain when it's too late."""

    def name(self) -> str:
        return "action_cancel_order"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet("order_id", None), SlotSet("confirmation", None)]
        confirmation = tracker.get_slot("confirmation")
        if confirmation is False:
            dispatcher.utter_message(text=LEFT_AS_IS)
            return reset
        found = verified_order(tracker, dispatcher)
        if found is None:
            return reset
        customer_id, order_id = found
        policies = services().policies.get()
        if confirmation is not True:
            # The form ended without asking: the order's status rules a cancellation out.
            quote = await run_query(
                lambda s: cancellation_quote(
                    s, customer_id=customer_id, order_id=order_id, policies=policies
                )
            )
            if quote is None:
                dispatcher.utter_message(text=NOT_FOUND.format(order_id=order_id))
            elif not quote.cancellable:
                dispatcher.utter_message(text=not_cancellable(quote, policies))
            else:
                dispatcher.utter_message(text=NOT_CONFIRMED.format(order_id=order_id))
            return reset
        now = self.clock()
        result = await run_query(
            lambda s: cancel_order(
                s,
                customer_id=customer_id,
                order_id=order_id,
                policies=policies,
                conversation_id=tracker.sender_id,
                now=now,
            )
        )
        if result is None:
            dispatcher.utter_message(text=NOT_FOUND.format(order_id=order_id))
        elif not result.cancelled:
            dispatcher.utter_message(text=not_cancellable(result.quote, policies))
        else:
            dispatcher.utter_message(text=cancellation_done(result, policies))
        return reset
