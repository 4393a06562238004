"""Validation of ``account_creation_form``: the e-mail address to send the sign-up link to."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.accounts.email_slot import extract_email, validate_email
from actions.errors import SafeFormValidation

TRIGGERS = ("create_account",)


class ValidateAccountCreationForm(SafeFormValidation):
    """No identity check: anyone may ask for a sign-up link, and learns nothing from it."""

    def name(self) -> str:
        return "validate_account_creation_form"

    def extract_signup_email(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return extract_email(tracker, "signup_email", TRIGGERS)

    def validate_signup_email(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return validate_email("signup_email", slot_value, dispatcher)
