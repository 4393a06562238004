"""``action_delete_account``: delete the verified customer's account after an explicit yes.

A logged-in customer's account is deleted at once. A guest proven in the chat gets a link sent to
the account's e-mail address instead; the account is deleted once it is opened (an e-mail address
and an order number are not proof enough to erase somebody's account).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.accounts.messages import DELETED, KEPT, NOT_VERIFIED
from actions.accounts.step_up import confirm_by_email
from actions.digressions.answers import latest_intent
from actions.errors import SafeAction
from actions.identity import current_identity
from actions.services import run_query
from icrm_models.accounts.deletion import delete_account
from icrm_models.accounts.step_up import account_deletion
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
        identity = current_identity(tracker)
        if identity is None:
            dispatcher.utter_message(text=NOT_VERIFIED)
            return reset
        customer_id = identity.customer_id
        confirmed = tracker.get_slot("confirmation") is True and latest_intent(tracker) == "affirm"
        if not confirmed:
            dispatcher.utter_message(text=KEPT)
            return reset
        now, conversation = self.clock(), tracker.sender_id
        if not identity.logged_in:
            await confirm_by_email(
                dispatcher, tracker, customer_id=customer_id, change=account_deletion(), now=now
            )
            return reset
        deleted = await run_query(
            lambda s: delete_account(
                s, customer_id=customer_id, now=now, conversation_id=conversation
            )
        )
        logger.info("conversation %s: account deletion: %s", conversation, deleted)
        dispatcher.utter_message(text=DELETED if deleted else NOT_VERIFIED)
        return reset
