"""``action_delete_account``: delete the verified customer's account after an explicit yes."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.accounts.extraction import latest_intent
from actions.accounts.messages import DELETED, KEPT, NOT_VERIFIED
from actions.errors import SafeAction
from actions.identity import current_customer_id
from actions.services import run_query
from icrm_models.accounts.deletion import delete_account
from icrm_models.clock import Clock, utc_now

logger = logging.getLogger(__name__)


class ActionDeleteAccount(SafeAction):
    """Soft-delete the account on "yes" (the newest message must be that yes); keep it otherwise."""

    def __init__(self, clock: Clock = utc_now) -> None:
        self.clock = clock

    def name(self) -> str:
        return "action_delete_account"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet("confirmation", None)]
        customer_id = current_customer_id(tracker)
        if customer_id is None:
            dispatcher.utter_message(text=NOT_VERIFIED)
            return reset
        confirmed = tracker.get_slot("confirmation") is True and latest_intent(tracker) == "affirm"
        if not confirmed:
            dispatcher.utter_message(text=KEPT)
            return reset
        now, conversation = self.clock(), tracker.sender_id
        deleted = await run_query(
            lambda s: delete_account(
                s, customer_id=customer_id, now=now, conversation_id=conversation
            )
        )
        logger.info("conversation %s: account deletion: %s", conversation, deleted)
        dispatcher.utter_message(text=DELETED if deleted else NOT_VERIFIED)
        return reset
