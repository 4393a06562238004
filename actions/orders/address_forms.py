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

from actions.digressions.answers import form_answer
from actions.orders.messages import INVALID_ADDRESS
from actions.orders.order_form import OrderFormValidation, corrected_order
from actions.verification import VerifiedFormValidation
from icrm_models.orders.addresses import parse_address
from icrm_models.orders.lifecycle import is_before_shipment

ADDRESS_SLOT = "new_address"


def address_answer(tracker: Tracker) -> dict[str, Any]:
    """The newest message as the address, when the form asked for one and it is an answer."""
    answer = form_answer(tracker, ADDRESS_SLOT)
    return {} if answer is None else {ADDRESS_SLOT: answer}


def checked_address(slot_value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """The slot update for a typed address: tidied, or None with a hint."""
    address = parse_address(slot_value)
    if address is None:
        dispatcher.utter_message(text=INVALID_ADDRESS)
    return {ADDRESS_SLOT: address}


class ValidateAddressChangeForm(OrderFormValidation):
    """``address_change_form``: a new delivery address, only for an order not yet shipped."""

    def name(self) -> str:
        return "validate_address_change_form"

    def allows(self, status: str) -> bool:
        return is_before_shipment(status)

    def extract_new_address(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return address_answer(tracker)

    def validate_new_address(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if corrected_order(tracker) is not None:
            return {ADDRESS_SLOT: None}  # "sorry, it's order 10045": not the address
        return checked_address(slot_value, dispatcher)


class ValidateShippingAddressForm(VerifiedFormValidation):
    """``shipping_address_form``: the default delivery address of the verified customer."""

    def name(self) -> str:
        return "validate_shipping_address_form"

    def extract_new_address(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return address_answer(tracker)

    def validate_new_address(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return checked_address(slot_value, dispatcher)
