"""``action_ask_cancel_order_form_confirmation``: "are you sure?", stating the fee.

Rasa looks for ``action_ask_<form>_<slot>`` first, so this question belongs to the cancellation
form only; other forms' ``confirmation`` questions are unaffected. The fee is the one the
policies set for the order's current status.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.identity import current_customer_id
from actions.order_scope import may_see_order
from actions.orders.messages import CONFIRM_PLAIN, CONFIRM_THIS, confirm_cancellation
from actions.services import run_query, services
from icrm_models.orders.cancellation import cancellation_quote
from icrm_models.orders.status import parse_order_number


class ActionAskCancelOrderFormConfirmation(SafeAction):
    """Ask whether to cancel, with what it costs now."""

    def name(self) -> str:
        return "action_ask_cancel_order_form_confirmation"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        customer_id = current_customer_id(tracker)
        order_id = parse_order_number(tracker.get_slot("order_id"))
        if order_id is None:
            dispatcher.utter_message(text=CONFIRM_THIS)
            return []
        if customer_id is None or not may_see_order(tracker, order_id):
            dispatcher.utter_message(text=CONFIRM_PLAIN.format(order_id=order_id))
            return []
        policies = services().policies.get()
        quote = await run_query(
            lambda s: cancellation_quote(
                s, customer_id=customer_id, order_id=order_id, policies=policies
            )
        )
        if quote is None:
            dispatcher.utter_message(text=CONFIRM_PLAIN.format(order_id=order_id))
        else:
            dispatcher.utter_message(text=confirm_cancellation(quote, policies))
        return []
