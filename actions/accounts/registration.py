"""``action_registration_problems``: help with a failing sign-up, and a fresh link on request."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.accounts.extraction import latest_entities
from actions.accounts.messages import (
    REGISTRATION_ASK_EMAIL,
    REGISTRATION_RESENT,
    REGISTRATION_TIPS,
)
from actions.errors import SafeAction
from actions.services import run_query
from icrm_models.accounts.details import find_email
from icrm_models.accounts.signup import request_signup
from icrm_models.clock import Clock, utc_now

logger = logging.getLogger(__name__)


class ActionRegistrationProblems(SafeAction):
    """Tips for the usual sign-up problems; with an address, the sign-up e-mail again.

    The resent e-mail follows the sign-up rule (a link for a free address, "you already have an
    account" for a registered one), so the answer reveals nothing about the address.
    """

    def __init__(self, clock: Clock = utc_now) -> None:
        self.clock = clock

    def name(self) -> str:
        return "action_registration_problems"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=REGISTRATION_TIPS)
        email = next((e for e in map(find_email, latest_entities(tracker, "email")) if e), None)
        if email is None:
            dispatcher.utter_message(text=REGISTRATION_ASK_EMAIL)
            return []
        now, conversation = self.clock(), tracker.sender_id
        await run_query(
            lambda s: request_signup(s, email=email, now=now, conversation_id=conversation)
        )
        logger.info("conversation %s: sign-up e-mail re-requested", conversation)
        dispatcher.utter_message(text=REGISTRATION_RESENT.format(email=email))
        return []
