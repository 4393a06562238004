"""Validation of ``account_change_form``: which detail (name, e-mail, address) and its new value."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.accounts.extraction import latest_entities, may_fill
from actions.accounts.messages import (
    EMAIL_UNAVAILABLE_RETRY,
    FIELD_UNKNOWN,
    FIELD_UNSUPPORTED,
    INVALID_VALUE,
)
from actions.digressions.answers import latest_text
from actions.identity import current_customer_id
from actions.services import run_query, services
from actions.verification import VerifiedFormValidation
from icrm_models.accounts.details import (
    FIELDS,
    clean_value,
    field_in_text,
    find_email,
    mentions_unsupported_detail,
)
from icrm_models.accounts.lookup import email_taken

TRIGGERS = ("edit_account",)


class ValidateAccountChangeForm(VerifiedFormValidation):
    """Ask who the customer is first (unless the shop's token says so), then what to change."""

    def name(self) -> str:
        return "validate_account_change_form"

    def extract_account_field(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """ "change my email" -> "email"; an unclear answer is kept for validation to query."""
        if not may_fill(tracker, "account_field", TRIGGERS):
            return {}
        text = latest_text(tracker)
        field = field_in_text(text)
        if field is not None:
            return {"account_field": field}
        return (
            {"account_field": text} if tracker.get_slot("requested_slot") == "account_field" else {}
        )

    def extract_account_value(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The new value: the answer to the question, or an address/name given up front.

        From the request itself only an unambiguous value counts: the (last) e-mail address
        for an e-mail change ("from a@x.org to b@x.org"), a recognised name for a name change.
        """
        if not may_fill(tracker, "account_value", TRIGGERS):
            return {}
        field = tracker.get_slot("account_field")
        text = latest_text(tracker)
        emails = latest_entities(tracker, "email")
        names = latest_entities(tracker, "person_name")
        if tracker.get_slot("requested_slot") == "account_value":
            if field == "email":
                return {"account_value": find_email(emails[-1] if emails else text) or text}
            if field == "name" and names:
                return {"account_value": names[-1]}
            return {"account_value": text}
        if field == "email":
            found = find_email(emails[-1]) if emails else find_email(text, last=True)
            return {"account_value": found} if found else {}
        if field == "name" and names:
            return {"account_value": names[-1]}
        return {}

    def validate_account_field(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        text = slot_value if isinstance(slot_value, str) else None
        field = text if text in FIELDS else field_in_text(text)
        if field is None:
            unsupported = mentions_unsupported_detail(text)
            dispatcher.utter_message(text=FIELD_UNSUPPORTED if unsupported else FIELD_UNKNOWN)
        return {"account_field": field}

    async def validate_account_value(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Check the value for its field; a new e-mail must not belong to another account.

        That last check needs a verified customer (only they may probe addresses, and even they
        get a neutral answer); before verification the action checks it again anyway.
        """
        field = tracker.get_slot("account_field")
        if field not in FIELDS:
            return {"account_value": None}
        value = clean_value(field, slot_value if isinstance(slot_value, str) else None)
        if value is None:
            dispatcher.utter_message(text=INVALID_VALUE[field])
            return {"account_value": None}
        customer_id = current_customer_id(tracker)
        if field == "email" and customer_id is not None:
            taken = await run_query(lambda s: email_taken(s, value, by_other_than=customer_id))
            if taken:
                contact = services().policies.get().contact.email
                dispatcher.utter_message(text=EMAIL_UNAVAILABLE_RETRY.format(contact=contact))
                return {"account_value": None}
        return {"account_value": value}
