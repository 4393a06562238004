"""Identity verification in the conversation, as the first part of every form that needs it.

Forms that reveal or change an account's or an order's data derive their validation from
:class:`VerifiedFormValidation`. A customer the shop's token already vouches for goes straight
to the form's own questions; anyone else is first asked for their e-mail and one of their order
numbers. ``identity_form`` is such a form with no questions of its own, for requests that need
only the customer (refund status, invoices, account switches).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeFormValidation
from actions.identity import VERIFIED_SLOT, current_customer_id, in_chat_proof
from actions.services import run_query
from icrm_models.identity_check import customer_owning, normalise_email
from icrm_models.orders.status import parse_order_number

IDENTITY_SLOTS = ["identity_email", "identity_order_id"]
ATTEMPTS_SLOT = "verification_attempts"
MAX_ATTEMPTS = 3

NOT_AN_EMAIL = "That doesn't look like an e-mail address — could you type it again?"
NOT_AN_ORDER_NUMBER = "An order number has only digits, like 10023. Which one is it?"
VERIFIED = "Thanks, that matches — you're verified."
NO_MATCH = (
    "Sorry, I couldn't match that e-mail address and order number. Let's try once more: "
    "which e-mail address is your account registered with?"
)
GIVE_UP = (
    "I still couldn't verify you, so I can't show account or order details here. You can log "
    'in on our website and chat with me from there — or say "human" and a colleague will help.'
)


class VerifiedFormValidation(SafeFormValidation):
    """Validation of a form that first makes sure who the customer is."""

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if current_customer_id(tracker) is not None:
            return list(domain_slots)
        return IDENTITY_SLOTS + [s for s in domain_slots if s not in IDENTITY_SLOTS]

    # Custom extraction: these slots take a value only while the form asks for them.

    def extract_identity_email(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "identity_email":
            return {}
        found = next(tracker.get_latest_entity_values("email"), None)
        return {"identity_email": found or tracker.latest_message.get("text")}

    def extract_identity_order_id(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "identity_order_id":
            return {}
        found = next(tracker.get_latest_entity_values("order_id"), None)
        return {"identity_order_id": found or tracker.latest_message.get("text")}

    def extract_confirmation(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "confirmation":
            return {}
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent in ("affirm", "deny"):
            return {"confirmation": intent == "affirm"}
        return {}

    def validate_identity_email(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        email = normalise_email(slot_value)
        if email is None:
            dispatcher.utter_message(text=NOT_AN_EMAIL)
        return {"identity_email": email}

    async def validate_identity_order_id(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        order_id = parse_order_number(slot_value)
        if order_id is None:
            dispatcher.utter_message(text=NOT_AN_ORDER_NUMBER)
            return {"identity_order_id": None}
        email = normalise_email(tracker.get_slot("identity_email"))
        customer_id = (
            await run_query(lambda s: customer_owning(s, email=email, order_id=order_id))
            if email
            else None
        )
        if customer_id is None:
            attempts = int(tracker.get_slot(ATTEMPTS_SLOT) or 0) + 1
            dispatcher.utter_message(text=GIVE_UP if attempts >= MAX_ATTEMPTS else NO_MATCH)
            return {"identity_email": None, "identity_order_id": None, ATTEMPTS_SLOT: attempts}
        dispatcher.utter_message(text=VERIFIED)
        return {
            "identity_order_id": str(order_id),
            VERIFIED_SLOT: in_chat_proof(customer_id),
            ATTEMPTS_SLOT: 0,
        }


class ValidateIdentityForm(VerifiedFormValidation):
    """``identity_form``: only the verification, for requests that need nothing else."""

    def name(self) -> str:
        return "validate_identity_form"
