"""``action_edit_account``: change the verified customer's name, e-mail or postal address.

A logged-in customer's name or postal address changes at once. A new e-mail address is used only
once a link sent to it is opened (whoever asks: else a typo, or someone else's address, would
take the account's mail). A guest proven in the chat changes nothing directly: every change
waits for a link sent to the account's current e-mail address (:mod:`actions.accounts.step_up`).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.accounts.messages import (
    EMAIL_UNAVAILABLE,
    FIELD_LABELS,
    FIELD_UNKNOWN,
    INVALID_VALUE,
    NOT_VERIFIED,
    UNCHANGED,
    UPDATED,
)
from actions.accounts.step_up import confirm_by_email
from actions.errors import SafeAction
from actions.identity import current_identity
from actions.services import run_query, services
from icrm_models.accounts.details import FIELDS, AccountField, clean_value
from icrm_models.accounts.lookup import email_taken
from icrm_models.accounts.profile import EditResult, update_detail
from icrm_models.accounts.step_up import CURRENT_EMAIL, NEW_EMAIL, detail_change
from icrm_models.active_accounts import active_customer
from icrm_models.clock import Clock, utc_now

logger = logging.getLogger(__name__)


def _current_value(session: Session, customer_id: int, field: AccountField) -> str | None:
    """The account's value of ``field`` (None for an erased account or an unset address)."""
    customer = active_customer(session, customer_id)
    return None if customer is None else getattr(customer, field)


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
        identity = current_identity(tracker)
        if identity is None:
            dispatcher.utter_message(text=NOT_VERIFIED)
            return reset
        customer_id = identity.customer_id
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
        if field == "email" or not identity.logged_in:
            await self._confirm_first(
                dispatcher,
                tracker,
                customer_id=customer_id,
                field=field,
                value=value,
                logged_in=identity.logged_in,
                now=now,
            )
            return reset
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
        elif result is EditResult.INVALID:
            dispatcher.utter_message(text=INVALID_VALUE[field])
        else:
            dispatcher.utter_message(text=NOT_VERIFIED)
        return reset

    async def _confirm_first(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        *,
        customer_id: int,
        field: AccountField,
        value: str,
        logged_in: bool,
        now: datetime,
    ) -> None:
        """A change that waits for a link: a new e-mail address, or anything a guest asks."""
        current = await run_query(lambda s: _current_value(s, customer_id, field))
        if current is not None and (
            current.lower() == value.lower() if field == "email" else current == value
        ):
            dispatcher.utter_message(text=UNCHANGED.format(label=FIELD_LABELS[field]))
            return
        if field == "email":
            taken = await run_query(lambda s: email_taken(s, value, by_other_than=customer_id))
            if taken:
                contact = services().policies.get().contact.email
                dispatcher.utter_message(text=EMAIL_UNAVAILABLE.format(contact=contact))
                return
        await confirm_by_email(
            dispatcher,
            tracker,
            customer_id=customer_id,
            change=detail_change(field, value),
            now=now,
            # a logged-in customer's new address confirms itself; a guest's account confirms first
            confirm_at=NEW_EMAIL if logged_in else CURRENT_EMAIL,
        )
