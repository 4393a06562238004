"""``action_ask_return_form_confirmation``: the return form's "shall I start the return?".

An action rather than a response, because the question quotes the order's return window and the
condition items must be in, both from the policies.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.identity import current_customer_id
from actions.order_scope import may_see_order
from actions.refunds.messages import CONFIRM_GENERIC, confirm_return
from actions.refunds.return_check import return_check
from actions.services import services
from icrm_models.orders.status import parse_order_number


class ActionAskReturnConfirmation(SafeAction):
    """Ask for the go-ahead, stating until when and in which condition items can go back."""

    def name(self) -> str:
        return "action_ask_return_form_confirmation"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        customer_id = current_customer_id(tracker)
        order_id = parse_order_number(tracker.get_slot("order_id"))
        if customer_id is None or order_id is None or not may_see_order(tracker, order_id):
            dispatcher.utter_message(text=CONFIRM_GENERIC)
            return []
        check = await return_check(customer_id=customer_id, order_id=order_id, now=self.clock())
        dispatcher.utter_message(text=confirm_return(check, services().policies.get()))
        return []
