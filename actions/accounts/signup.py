"""``action_create_account``: e-mail a sign-up link, answering the same for a known address."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.accounts.messages import INVALID_EMAIL, SIGNUP_SENT
from actions.errors import SafeAction
from actions.services import run_query
from icrm_models.accounts.details import find_email
from icrm_models.accounts.signup import request_signup
from icrm_models.clock import Clock, utc_now

logger = logging.getLogger(__name__)


class ActionCreateAccount(SafeAction):
    """Queue the sign-up link (or "you already have an account") for the given address."""

    def __init__(self, clock: Clock = utc_now) -> None:
        self.clock = clock

    def name(self) -> str:
        return "action_create_account"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet("signup_email", None)]
        email = find_email(tracker.get_slot("signup_email"))
        if email is None:
            dispatcher.utter_message(text=INVALID_EMAIL)
            return reset
        now, conversation = self.clock(), tracker.sender_id
        await run_query(
            lambda s: request_signup(s, email=email, now=now, conversation_id=conversation)
        )
        logger.info("conversation %s: sign-up e-mail requested", conversation)
        dispatcher.utter_message(text=SIGNUP_SENT.format(email=email))
        return reset
