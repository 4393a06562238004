"""``action_get_invoice``: queue a copy of the customer's invoice to the e-mail on their account."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.billing.invoice_request import in_scope, verified_invoice_request
from actions.billing.messages import (
    INVOICE_ALREADY_QUEUED,
    INVOICE_QUEUED,
    ONLY_ADDRESS_ON_FILE,
    amount,
    not_found,
)
from actions.errors import SafeAction
from actions.refunds.request_entities import entity_in_request
from actions.services import run_query, services
from icrm_models.billing.invoice_mail import InvoiceMail, queue_invoice_mail
from icrm_models.billing.invoices import find_invoice
from icrm_models.clock import Clock, utc_now

logger = logging.getLogger(__name__)

INTENT = "get_invoice"


class ActionGetInvoice(SafeAction):
    """Queue the invoice (with its PDF link) in the outbox; it is never "sent" from here."""

    def __init__(self, clock: Clock = utc_now) -> None:
        super().__init__()
        self.clock = clock

    def name(self) -> str:
        return "action_get_invoice"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        found = verified_invoice_request(tracker, dispatcher, INTENT)
        if found is None:
            return []
        customer_id, request = found
        shop_name = services().policies.get().shop_name
        now = self.clock()

        def queue(session: Session) -> InvoiceMail | None:
            # A guest's invoice must be of the order they proved: checked before queueing it.
            found = find_invoice(
                session, customer_id=customer_id, number=request.number, order_id=request.order_id
            )
            if found is None or not in_scope(tracker, found.order_id):
                return None
            return queue_invoice_mail(
                session,
                customer_id=customer_id,
                number=request.number,
                order_id=request.order_id,
                shop_name=shop_name,
                now=now,
                conversation_id=tracker.sender_id,
            )

        mail = await run_query(queue)
        if mail is None:
            dispatcher.utter_message(
                text=not_found(number=request.number, order_id=request.order_id)
            )
            return []
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
        if entity_in_request(tracker, (INTENT,), "email") is not None:
            text += ONLY_ADDRESS_ON_FILE
        dispatcher.utter_message(text=text)
        return []
