"""``action_switch_account``: make the verified customer's account personal or business."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.accounts.messages import ALREADY_THAT_TYPE, NOT_VERIFIED, SWITCHED, TYPE_UNCLEAR
from actions.errors import SafeAction
from actions.identity import current_customer_id
from actions.services import run_query
from icrm_models.accounts.account_type import SwitchResult, account_type_of, switch_account_type

logger = logging.getLogger(__name__)


class ActionSwitchAccount(SafeAction):
    """Change ``customers.account_type``; an account that already has the type stays as it is."""

    def name(self) -> str:
        return "action_switch_account"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet("account_type", None)]
        customer_id = current_customer_id(tracker)
        if customer_id is None:
            dispatcher.utter_message(text=NOT_VERIFIED)
            return reset
        wanted = account_type_of(str(tracker.get_slot("account_type") or ""))
        if wanted is None:
            dispatcher.utter_message(text=TYPE_UNCLEAR)
            return reset
        result = await run_query(
            lambda s: switch_account_type(s, customer_id=customer_id, account_type=wanted)
        )
        logger.info("conversation %s: account type -> %s: %s", tracker.sender_id, wanted, result)
        if result is SwitchResult.SWITCHED:
            dispatcher.utter_message(text=SWITCHED.format(account_type=wanted))
        elif result is SwitchResult.ALREADY:
            dispatcher.utter_message(text=ALREADY_THAT_TYPE.format(account_type=wanted))
        else:
            dispatcher.utter_message(text=NOT_VERIFIED)
        return reset
