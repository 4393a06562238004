"""``action_get_invoice``: queue a copy of the customer's invoice to the e-mail on their account."""

from __future__ import annotations

import logging

from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from actions.billing.invoice_action import InvoiceAction
from actions.billing.invoice_request import InvoiceRequest, in_scope
from actions.billing.messages import (
    INVOICE_ALREADY_QUEUED,
    INVOICE_QUEUED,
    ONLY_ADDRESS_ON_FILE,
    amount,
)
from actions.refunds.request_entities import entity_in_request
from actions.services import run_query, services
from icrm_models.billing.invoice_mail import InvoiceMail, queue_invoice_mail

logger = logging.getLogger(__name__)


class ActionGetInvoice(InvoiceAction):
    """Queue the invoice (with its PDF link) in the outbox; it is never "sent" from here."""

    intent = "get_invoice"

    def name(self) -> str:
        return "action_get_invoice"

    async def reply(self, tracker: Tracker, customer_id: int, request: InvoiceRequest) -> str:
        shop_name = services().policies.get().shop_name
        now = self.clock()

        def queue(session: Session) -> InvoiceMail | None:
            return queue_invoice_mail(
                session,
                customer_id=customer_id,
                number=request.number,
                order_id=request.order_id,
                shop_name=shop_name,
                now=now,
                conversation_id=tracker.sender_id,
                # A guest's invoice must be of the order they proved: checked before queueing.
                visible=lambda order_id: in_scope(tracker, order_id),
            )

        mail = await run_query(queue)
        if mail is None:
            return self.not_found(request)
        invoice = mail.invoice
        if mail.repeated:
            text = INVOICE_ALREADY_QUEUED.format(number=invoice.number)
        else:
            logger.info(
                "conversation %s: invoice %s queued (outbox %s)",
                tracker.sender_id,
                invoice.number,
                mail.outbox_id,
            )
            text = INVOICE_QUEUED.format(
                number=invoice.number, order_id=invoice.order_id, amount=amount(invoice)
            )
        if entity_in_request(tracker, (self.intent,), "email") is not None:
            text += ONLY_ADDRESS_ON_FILE
        return text
