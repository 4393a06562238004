"""``action_check_invoice``: number, date, amount and status of one of the customer's invoices."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.billing.invoice_action import InvoiceAction
from actions.billing.invoice_request import InvoiceRequest, in_scope
from actions.billing.messages import describe_invoice
from actions.services import run_query
from icrm_models.billing.invoices import find_invoice


class ActionCheckInvoice(InvoiceAction):
    """Show a verified customer their invoice (named, of an order, or the latest)."""

    intent = "check_invoice"

    def name(self) -> str:
        return "action_check_invoice"

    async def reply(self, tracker: Tracker, customer_id: int, request: InvoiceRequest) -> str:
        invoice = await run_query(
            lambda s: find_invoice(
                s, customer_id=customer_id, number=request.number, order_id=request.order_id
            )
        )
        if invoice is None or not in_scope(tracker, invoice.order_id):
            return self.not_found(request)
        return describe_invoice(invoice)
