"""Validation of ``password_reset_form``: the address the reset link is for."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.accounts.email_slot import extract_email, validate_email
from actions.errors import SafeFormValidation

TRIGGERS = ("recover_password",)


class ValidatePasswordResetForm(SafeFormValidation):
    """No identity check: the link only ever goes to the address on file."""

    def name(self) -> str:
        return "validate_password_reset_form"

    def extract_reset_email(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return extract_email(tracker, "reset_email", TRIGGERS)

    def validate_reset_email(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return validate_email("reset_email", slot_value, dispatcher)
