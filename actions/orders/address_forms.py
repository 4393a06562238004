"""Validation of the address forms: a new address for one order, or the account's default.

Both take the address as free text and accept it only when it looks like something a parcel
can go to (``icrm_models.orders.addresses.parse_address``); anything else is asked again with
an example.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.digressions.answers import answer_slot
from actions.orders.messages import INVALID_ADDRESS
from actions.orders.order_form import OrderFormValidation, corrected_order
from actions.verification import VerifiedFormValidation
from icrm_models.orders.addresses import parse_address
from icrm_models.orders.lifecycle import is_before_shipment

ADDRESS_SLOT = "new_address"


class AddressQuestion:
    """The address question both forms ask: the customer's answer, checked to be an address.

    A mixin for a form validation: rasa-sdk finds ``extract_new_address`` and
    ``validate_new_address`` on the form's validation by name.
    """

    def corrects_order(self, tracker: Tracker) -> bool:
        """Whether the newest message corrects the form's order rather than answers."""
        return False

    def extract_new_address(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The newest message as the address, when the form asked for one and it is an answer."""
        return answer_slot(tracker, ADDRESS_SLOT)

    def validate_new_address(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """The typed address tidied, or None with a hint (then the form asks again)."""
        if self.corrects_order(tracker):
            return {ADDRESS_SLOT: None}  # "sorry, it's order 10045": not the address
        address = parse_address(slot_value)
        if address is None:
            dispatcher.utter_message(text=INVALID_ADDRESS)
        return {ADDRESS_SLOT: address}


class ValidateAddressChangeForm(AddressQuestion, OrderFormValidation):
    """``address_change_form``: a new delivery address, only for an order not yet shipped."""

    def name(self) -> str:
        return "validate_address_change_form"

    def allows(self, status: str) -> bool:
        return is_before_shipment(status)

    def corrects_order(self, tracker: Tracker) -> bool:
        return corrected_order(tracker) is not None


class ValidateShippingAddressForm(AddressQuestion, VerifiedFormValidation):
    """``shipping_address_form``: the default delivery address of the verified customer."""

    def name(self) -> str:
        return "validate_shipping_address_form"
