"""``action_edit_account``: change the verified customer's name, e-mail or postal address."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.accounts.messages import (
    EMAIL_UNAVAILABLE,
    FIELD_LABELS,
    FIELD_UNKNOWN,
    INVALID_VALUE,
    NOT_VERIFIED,
    UNCHANGED,
    UPDATED,
)
from actions.errors import SafeAction
from actions.identity import current_customer_id
from actions.services import run_query, services
from icrm_models.accounts.details import FIELDS, AccountField, clean_value
from icrm_models.accounts.profile import EditResult, update_detail
from icrm_models.clock import Clock, utc_now

logger = logging.getLogger(__name__)


class ActionEditAccount(SafeAction):
    """Save the new value (checked again here: slots can come from anywhere)."""

    def __init__(self, clock: Clock = utc_now) -> None:
        self.clock = clock

    def name(self) -> str:
        return "action_edit_account"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet("account_field", None), SlotSet("account_value", None)]
        customer_id = current_customer_id(tracker)
        if customer_id is None:
            dispatcher.utter_message(text=NOT_VERIFIED)
            return reset
        field_slot = tracker.get_slot("account_field")
        if field_slot not in FIELDS:
            dispatcher.utter_message(text=FIELD_UNKNOWN)
            return reset
        field: AccountField = field_slot
        value = clean_value(field, tracker.get_slot("account_value"))
        if value is None:
            dispatcher.utter_message(text=INVALID_VALUE[field])
            return reset
        now, conversation = self.clock(), tracker.sender_id
        result = await run_query(
            lambda s: update_detail(
                s,
                customer_id=customer_id,
                field=field,
                value=value,
                now=now,
                conversation_id=conversation,
            )
        )
        logger.info("conversation %s: account %s change: %s", conversation, field, result.value)
        if result is EditResult.UPDATED:
            dispatcher.utter_message(text=UPDATED[field].format(value=value))
        elif result is EditResult.UNCHANGED:
            dispatcher.utter_message(text=UNCHANGED.format(label=FIELD_LABELS[field]))
        elif result is EditResult.EMAIL_UNAVAILABLE:
            contact = services().policies.get().contact.email
            dispatcher.utter_message(text=EMAIL_UNAVAILABLE.format(contact=contact))
        elif result is EditResult.INVALID:
            dispatcher.utter_message(text=INVALID_VALUE[field])
        else:
            dispatcher.utter_message(text=NOT_VERIFIED)
        return reset
