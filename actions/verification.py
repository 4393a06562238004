"""Identity verification in the conversation, as the first part of every form that needs it.

Forms that reveal or change an account's or an order's data derive their validation from
:class:`VerifiedFormValidation`. A customer the shop's token already vouches for goes straight
to the form's own questions; anyone else is first asked for their e-mail and one of their order
numbers, within durable limits (:mod:`icrm_models.security.verification_limits`): a few failures
lock the address (the right number is then refused too) and end verification in this
conversation.

When verification is over — the limits are reached, or the newest message carries no client
key so that a proof could not be bound to the client (a bare REST call) — the form ends at once
(``requested_slot`` set to None, as the order forms end when an order's status rules a request
out). The form's own action then runs as for any unverified customer and tells them to log in on
the website; no domain or rule change is needed for that. ``identity_form`` is such a form with
no questions of its own, for requests that need only the customer (refund status, invoices).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.digressions.answers import latest_is_digression
from actions.errors import SafeFormValidation
from actions.identity import (
    VERIFIED_SLOT,
    can_prove_in_chat,
    current_customer_id,
    in_chat_proof,
)
from actions.order_number import read_order_number
from actions.services import run_query, services
from actions.widget_metadata import widget_metadata
from icrm_models.chat_proof import client_key_hash
from icrm_models.clock import Clock, utc_now
from icrm_models.identity_check import normalise_email, verify_guest
from icrm_models.security.verification_limits import (
    REFUSED,
    Attempt,
    Refusal,
    email_fingerprint,
    record_failure,
    refusal,
)

IDENTITY_SLOTS = ["identity_email", "identity_order_id"]
ATTEMPTS_SLOT = "verification_attempts"
MAX_ATTEMPTS = 3  # the slot's value once verification is over in this conversation
REQUESTED_SLOT = "requested_slot"

NOT_AN_EMAIL = "That doesn't look like an e-mail address — could you type it again?"
NOT_AN_ORDER_NUMBER = "An order number has only digits, like 10023. Which one is it?"
VERIFIED = "Thanks, that matches — you're verified."
NO_MATCH = (
    "Sorry, I couldn't match that e-mail address and order number. Let's try once more: "
    "which e-mail address is your account registered with?"
)
# The form's action follows these two and asks the customer to log in on the website.
GIVE_UP = (
    "I still couldn't verify you, so for your security I'll stop asking here. If you need help "
    'now, say "human" and a colleague will take over.'
)
LOCKED = (
    "For your security I can't check that e-mail address in the chat right now: there have "
    'been too many tries. If you need help now, say "human" and a colleague will take over.'
)
REFUSAL_MESSAGES = {Refusal.CONVERSATION: GIVE_UP, Refusal.EMAIL_LOCKED: LOCKED}
OVER = {"identity_email": None, "identity_order_id": None, ATTEMPTS_SLOT: MAX_ATTEMPTS}


def verification_over(tracker: Tracker) -> bool:
    """Whether this conversation can no longer verify a guest (the form then ends at once).

    True when the newest message carries no client key, or after the limits ended verification
    in this conversation (the slot is only a marker: the stored failures decide).
    """
    if not can_prove_in_chat(tracker):
        return True
    return float(tracker.get_slot(ATTEMPTS_SLOT) or 0) >= MAX_ATTEMPTS


def attempt_of(tracker: Tracker, email: str) -> Attempt:
    """The keys the verification limits count this conversation's try of ``email`` under."""
    client_key = widget_metadata(tracker).get("client_key")
    return Attempt(
        email_hash=email_fingerprint(email, services().settings.identity_key),
        conversation_id=str(tracker.sender_id),
        client_hash=client_key_hash(client_key) if client_key else None,
    )


class VerifiedFormValidation(SafeFormValidation):
    """Validation of a form that first makes sure who the customer is."""

    def __init__(self, clock: Clock = utc_now) -> None:
        super().__init__()
        self.clock = clock

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if current_customer_id(tracker) is not None:
            return list(domain_slots)
        if verification_over(tracker):
            return []
        return IDENTITY_SLOTS + [s for s in domain_slots if s not in IDENTITY_SLOTS]

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> EventType | None:
        """As inherited, but a form whose guest can't be verified any more ends explicitly."""
        if current_customer_id(tracker) is None and verification_over(tracker):
            return SlotSet(REQUESTED_SLOT, None)
        return await super().next_requested_slot(dispatcher, tracker, domain)

    # Custom extraction: these slots take a value only while the form asks for them.

    def extract_identity_email(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "identity_email":
            return {}
        found = next(tracker.get_latest_entity_values("email"), None)
        if found is None and latest_is_digression(tracker):
            return {}  # a question asked meanwhile is answered, never taken for an e-mail
        return {"identity_email": found or tracker.latest_message.get("text")}

    def extract_identity_order_id(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "identity_order_id":
            return {}
        found = next(tracker.get_latest_entity_values("order_id"), None)
        if found is None and latest_is_digression(tracker):
            return {}
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

    async def validate_identity_email(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """A well-formed address, unless the limits already refuse it (the form then ends)."""
        email = normalise_email(slot_value)
        if email is None:
            dispatcher.utter_message(text=NOT_AN_EMAIL)
            return {"identity_email": None}
        if verification_over(tracker):
            return dict(OVER)
        attempt, now = attempt_of(tracker, email), self.clock()

        def check(session: Session) -> Refusal | None:
            refused = refusal(session, attempt, now=now)
            if refused is not None:
                record_failure(session, attempt, outcome=REFUSED, now=now)
            return refused

        refused = await run_query(check)
        if refused is not None:
            dispatcher.utter_message(text=REFUSAL_MESSAGES[refused])
            return dict(OVER)
        return {"identity_email": email}

    async def validate_identity_order_id(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        order_id = read_order_number(slot_value, dispatcher, unreadable=NOT_AN_ORDER_NUMBER)
        if order_id is None:
            return {"identity_order_id": None}
        if verification_over(tracker):
            return dict(OVER)
        email = normalise_email(tracker.get_slot("identity_email"))
        if email is None:  # the address question comes first; ask it again
            dispatcher.utter_message(text=NO_MATCH)
            return {"identity_email": None, "identity_order_id": None}
        attempt, now = attempt_of(tracker, email), self.clock()
        result = await run_query(
            lambda s: verify_guest(s, attempt, email=email, order_id=order_id, now=now)
        )
        if result.customer_id is not None:
            dispatcher.utter_message(text=VERIFIED)
            return {
                "identity_order_id": str(order_id),
                VERIFIED_SLOT: in_chat_proof(tracker, result.customer_id, order_id=order_id),
                ATTEMPTS_SLOT: 0,
            }
        if result.refusal is not None:
            dispatcher.utter_message(text=REFUSAL_MESSAGES[result.refusal])
            return dict(OVER)
        dispatcher.utter_message(text=NO_MATCH)
        # Counted for the customer's sake only (the stored failures decide): the marker value
        # that ends the form is set by a refusal, never by this count.
        attempts = min(int(float(tracker.get_slot(ATTEMPTS_SLOT) or 0)) + 1, MAX_ATTEMPTS - 1)
        return {"identity_email": None, "identity_order_id": None, ATTEMPTS_SLOT: attempts}


class ValidateIdentityForm(VerifiedFormValidation):
    """``identity_form``: only the verification, for requests that need nothing else."""

    def name(self) -> str:
        return "validate_identity_form"
