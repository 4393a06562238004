"""Validation of ``delete_account_form``: a verified customer's explicit yes or no."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.verification import VerifiedFormValidation


class ValidateDeleteAccountForm(VerifiedFormValidation):
    """The confirmation is the inherited yes/no extraction, taken only while it is asked."""

    def name(self) -> str:
        return "validate_delete_account_form"

    def extract_confirmation(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """As inherited, but a form that is just starting forgets any earlier "yes".

        ``confirmation`` is shared by all forms: a yes given to another form must never
        delete an account without this form's own question having been asked.
        """
        if tracker.get_slot("requested_slot") is None:
            return {"confirmation": None}
        return dict(super().extract_confirmation(dispatcher, tracker, domain))
