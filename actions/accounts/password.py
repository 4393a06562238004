"""``action_recover_password``: a reset link to an account's address; the same answer for any."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.accounts.messages import INVALID_EMAIL, RESET_SENT
from actions.errors import SafeAction
from actions.services import run_query
from icrm_models.accounts.details import find_email
from icrm_models.accounts.password_reset import request_password_reset
from icrm_models.clock import Clock, utc_now

logger = logging.getLogger(__name__)


class ActionRecoverPassword(SafeAction):
    """Queue a password-reset link if the address has an account; never say whether it has."""

    def __init__(self, clock: Clock = utc_now) -> None:
        self.clock = clock

    def name(self) -> str:
        return "action_recover_password"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet("reset_email", None)]
        email = find_email(tracker.get_slot("reset_email"))
        if email is None:
            dispatcher.utter_message(text=INVALID_EMAIL)
            return reset
        now, conversation = self.clock(), tracker.sender_id
        await run_query(
            lambda s: request_password_reset(s, email=email, now=now, conversation_id=conversation)
        )
        logger.info("conversation %s: password reset requested", conversation)
        dispatcher.utter_message(text=RESET_SENT.format(email=email))
        return reset
