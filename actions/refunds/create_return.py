"""``action_create_return``: start the return once ``return_form`` is complete — or say why not."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.orders.request import verified_order
from actions.refunds.messages import (
    NOT_FOUND,
    NOT_LOGGED_IN,
    RETURN_DECLINED,
    RETURN_NOT_CONFIRMED,
    return_started,
    why_not_returnable,
)
from actions.refunds.return_check import return_check
from actions.services import run_query, services
from icrm_models.after_sales.eligibility import ReturnCheck
from icrm_models.after_sales.request import clean_reason, request_return

logger = logging.getLogger(__name__)


class ActionCreateReturn(SafeAction):
    """Register the return of a verified customer's order after their explicit yes."""

    def name(self) -> str:
        return "action_create_return"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = [SlotSet(slot, None) for slot in ("order_id", "return_reason", "confirmation")]
        found = verified_order(
            tracker, dispatcher, not_logged_in=NOT_LOGGED_IN, not_found=NOT_FOUND
        )
        if found is None:
            return reset
        customer_id, order_id = found
        confirmation = tracker.get_slot("confirmation")
        if confirmation is False:
            dispatcher.utter_message(text=RETURN_DECLINED)
            return reset
        policies = services().policies.get()
        now = self.clock()
        reason = clean_reason(tracker.get_slot("return_reason"))
        if confirmation is not True or reason is None:
            # The form ended early: the order can't be returned (or nothing was agreed).
            check = await return_check(customer_id=customer_id, order_id=order_id, now=now)
            text = (
                RETURN_NOT_CONFIRMED.format(order_id=order_id)
                if check.eligible
                else why_not_returnable(check, policies)
            )
            dispatcher.utter_message(text=text)
            return reset
        outcome = await run_query(
            lambda s: request_return(
                s,
                customer_id=customer_id,
                order_id=order_id,
                reason=reason,
                policies=policies,
                now=now,
                conversation_id=tracker.sender_id,
            )
        )
        if isinstance(outcome, ReturnCheck):
            dispatcher.utter_message(text=why_not_returnable(outcome, policies))
            return reset
        logger.info(
            "conversation %s: return of order %s requested (returns %s)",
            tracker.sender_id,
            order_id,
            list(outcome.return_ids),
        )
        dispatcher.utter_message(text=return_started(outcome, policies))
        return reset
