"""``action_set_up_shipping_address``: save the verified customer's default delivery address.

A logged-in customer's address is saved at once; a guest proven in the chat gets a link sent to
the account's e-mail address, and the address is saved once it is opened.

City and country are taken from the message's ``city`` and ``country`` entities when the
customer named them (and they read as place names); otherwise only the address line changes.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.accounts.step_up import confirm_by_email
from actions.errors import SafeAction
from actions.identity import current_identity
from actions.orders.messages import ACCOUNT_NOT_LOGGED_IN, ADDRESS_SAVED, INVALID_ADDRESS
from actions.services import run_query, services
from icrm_models.accounts.step_up import default_address_change
from icrm_models.db.schema import Customer
from icrm_models.db.widths import column_width
from icrm_models.orders.address_changes import save_default_address
from icrm_models.orders.addresses import parse_address, parse_place_name

CITY_LIMIT = column_width(Customer.city)
COUNTRY_LIMIT = column_width(Customer.country)


def _place(tracker: Tracker, entity: str, limit: int) -> str | None:
    return parse_place_name(next(tracker.get_latest_entity_values(entity), None), limit=limit)


class ActionSetUpShippingAddress(SafeAction):
    """Store the address the form collected as the customer's default."""

    def name(self) -> str:
        return "action_set_up_shipping_address"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet("new_address", None)]
        identity = current_identity(tracker)
        if identity is None:
            dispatcher.utter_message(text=ACCOUNT_NOT_LOGGED_IN)
            return reset
        customer_id = identity.customer_id
        address = parse_address(tracker.get_slot("new_address"))
        if address is None:
            dispatcher.utter_message(text=INVALID_ADDRESS)
            return reset
        city = _place(tracker, "city", CITY_LIMIT)
        country = _place(tracker, "country", COUNTRY_LIMIT)
        now = self.clock()
        if not identity.logged_in:
            change = default_address_change(address, city, country)
            await confirm_by_email(
                dispatcher, tracker, customer_id=customer_id, change=change, now=now
            )
            return reset
        shop_name = services().policies.get().shop_name
        saved = await run_query(
            lambda s: save_default_address(
                s,
                customer_id=customer_id,
                address=address,
                city=city,
                country=country,
                shop_name=shop_name,
                conversation_id=tracker.sender_id,
                now=now,
            )
        )
        if saved is None:
            dispatcher.utter_message(text=ACCOUNT_NOT_LOGGED_IN)
        else:
            dispatcher.utter_message(text=ADDRESS_SAVED.format(address=saved.address))
        return reset
