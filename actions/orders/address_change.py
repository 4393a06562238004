"""``action_change_shipping_address``: send a not-yet-shipped order to a new address.

For a logged-in customer the order is re-addressed at once. A guest proven in the chat may ask
for the order they proved only, and the change waits for a link sent to the account's e-mail
address (:mod:`actions.accounts.step_up`): re-addressing a parcel is how one steals it.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.accounts.step_up import confirm_by_email
from actions.errors import SafeAction
from actions.order_scope import is_guest
from actions.orders.messages import (
    ADDRESS_CHANGED,
    INVALID_ADDRESS,
    NOT_FOUND,
    address_refused,
)
from actions.orders.request import verified_order
from actions.services import run_query, services
from icrm_models.accounts.step_up import order_address_change
from icrm_models.orders.address_changes import change_order_address
from icrm_models.orders.addresses import parse_address
from icrm_models.orders.lifecycle import is_before_shipment
from icrm_models.orders.owned import order_summary


class ActionChangeShippingAddress(SafeAction):
    """Change the order's delivery address, or explain why it's too late."""

    def name(self) -> str:
        return "action_change_shipping_address"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet("order_id", None), SlotSet("new_address", None)]
        found = verified_order(tracker, dispatcher)
        if found is None:
            return reset
        customer_id, order_id = found
        address = parse_address(tracker.get_slot("new_address"))
        if address is None:
            # The form ended without asking for the address: the order's status rules it out.
            summary = await run_query(
                lambda s: order_summary(s, customer_id=customer_id, order_id=order_id)
            )
            if summary is None:
                dispatcher.utter_message(text=NOT_FOUND.format(order_id=order_id))
            elif is_before_shipment(summary.status):
                dispatcher.utter_message(text=INVALID_ADDRESS)
            else:
                dispatcher.utter_message(text=address_refused(order_id, summary.status))
            return reset
        now = self.clock()
        if is_guest(tracker):
            summary = await run_query(
                lambda s: order_summary(s, customer_id=customer_id, order_id=order_id)
            )
            if summary is None:
                dispatcher.utter_message(text=NOT_FOUND.format(order_id=order_id))
            elif not is_before_shipment(summary.status):
                dispatcher.utter_message(text=address_refused(order_id, summary.status))
            else:
                change = order_address_change(order_id, address)
                await confirm_by_email(
                    dispatcher, tracker, customer_id=customer_id, change=change, now=now
                )
            return reset
        shop_name = services().policies.get().shop_name
        result = await run_query(
            lambda s: change_order_address(
                s,
                customer_id=customer_id,
                order_id=order_id,
                address=address,
                shop_name=shop_name,
                conversation_id=tracker.sender_id,
                now=now,
            )
        )
        if result is None:
            dispatcher.utter_message(text=NOT_FOUND.format(order_id=order_id))
        elif not result.changed:
            dispatcher.utter_message(text=address_refused(order_id, result.status))
        else:
            dispatcher.utter_message(
                text=ADDRESS_CHANGED.format(order_id=order_id, address=result.address)
            )
        return reset
