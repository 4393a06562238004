"""``action_check_invoice``: number, date, amount and status of one of the customer's invoices."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.billing.invoice_request import in_scope, verified_invoice_request
from actions.billing.messages import describe_invoice, not_found
from actions.errors import SafeAction
from actions.services import run_query
from icrm_models.billing.invoices import find_invoice

INTENT = "check_invoice"


class ActionCheckInvoice(SafeAction):
    """Show a verified customer their invoice (named, of an order, or the latest)."""

    def name(self) -> str:
        return "action_check_invoice"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        found = verified_invoice_request(tracker, dispatcher, INTENT)
        if found is None:
            return []
        customer_id, request = found
        invoice = await run_query(
            lambda s: find_invoice(
                s, customer_id=customer_id, number=request.number, order_id=request.order_id
            )
        )
        if invoice is None or not in_scope(tracker, invoice.order_id):
            dispatcher.utter_message(
                text=not_found(number=request.number, order_id=request.order_id)
            )
        else:
            dispatcher.utter_message(text=describe_invoice(invoice))
        return []
