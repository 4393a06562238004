"""Validation of ``switch_account_form``: should the account be personal or business?"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.accounts.extraction import latest_entities, may_fill
from actions.accounts.messages import TYPE_UNCLEAR
from actions.digressions.answers import latest_text
from actions.verification import VerifiedFormValidation
from icrm_models.accounts.account_type import account_type_of, wanted_account_type

TRIGGERS = ("switch_account",)


class ValidateSwitchAccountForm(VerifiedFormValidation):
    """Verified customers only; the type comes from the ``account_type`` entity or the words."""

    def name(self) -> str:
        return "validate_switch_account_form"

    def extract_account_type(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not may_fill(tracker, "account_type", TRIGGERS):
            return {}
        text = latest_text(tracker)
        wanted = wanted_account_type(text, latest_entities(tracker, "account_type"))
        if wanted is not None:
            return {"account_type": wanted}
        return (
            {"account_type": text} if tracker.get_slot("requested_slot") == "account_type" else {}
        )

    def validate_account_type(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        text = slot_value if isinstance(slot_value, str) else ""
        wanted = account_type_of(text) or wanted_account_type(text)
        if wanted is None:
            dispatcher.utter_message(text=TYPE_UNCLEAR)
        return {"account_type": wanted}
