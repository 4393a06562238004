"""A copy of an invoice by e-mail: queued in the outbox for the address on the account.

Only ever to the address on file (a chat message can't redirect an invoice elsewhere), and only
once per invoice within ``REPEAT_WINDOW``, so asking twice doesn't fill the customer's inbox.
Nothing is sent here: a separate sender delivers the outbox.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.billing.invoices import InvoiceView, find_invoice
from icrm_models.db.schema import Customer, OutboxMessage
from icrm_models.db.statuses import OutboxStatus
from icrm_models.db.widths import column_width

TEMPLATE = "invoice_copy"
# Path of the PDF on the shop's website; the sender prefixes the shop's address.
PDF_PATH = "/account/invoices/{number}.pdf"
REPEAT_WINDOW = timedelta(minutes=10)
CONVERSATION_ID_MAX = column_width(OutboxMessage.conversation_id)

BODY = """Hello {name},

here is your invoice {number} for order {order_id} ({amount}, {date}).

Download the PDF: {pdf_path}

Your {shop_name} customer service"""


@dataclass(frozen=True)
class InvoiceMail:
    """An invoice e-mail in the outbox; ``repeated`` when it was already queued just before."""

    invoice: InvoiceView
    outbox_id: int
    repeated: bool


def _subject(number: str) -> str:
    return f"Your invoice {number}"


def queue_invoice_mail(
    session: Session,
    *,
    customer_id: int,
    number: str | None,
    order_id: int | None,
    shop_name: str,
    now: datetime,
    conversation_id: str | None,
    visible: Callable[[int], bool] | None = None,
) -> InvoiceMail | None:
    """Queue the customer's invoice (chosen as in ``find_invoice``); None when there is none.

    ``visible`` narrows which orders' invoices may go out (a guest proven in the chat: the
    order they proved); an invoice of any other order is treated as none. It is applied to the
    invoice found here, so the caller needn't look the invoice up first.
    """
    invoice = find_invoice(session, customer_id=customer_id, number=number, order_id=order_id)
    if invoice is None or (visible is not None and not visible(invoice.order_id)):
        return None
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    earlier = session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.customer_id == customer_id,
            OutboxMessage.template == TEMPLATE,
            OutboxMessage.subject == _subject(invoice.number),
            OutboxMessage.status == OutboxStatus.QUEUED,
            OutboxMessage.created_at >= now - REPEAT_WINDOW,
        )
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    if earlier is not None:
        return InvoiceMail(invoice=invoice, outbox_id=earlier, repeated=True)
    pdf_path = PDF_PATH.format(number=invoice.number)
    mail = OutboxMessage(
        channel="email",
        recipient=customer.email,
        template=TEMPLATE,
        subject=_subject(invoice.number),
        body=BODY.format(
            name=customer.name,
            number=invoice.number,
            order_id=invoice.order_id,
            amount=f"{invoice.amount:.2f} {invoice.currency}",
            date=invoice.issued_at.strftime("%d %b %Y"),
            pdf_path=pdf_path,
            shop_name=shop_name,
        ),
        payload={
            "invoice_number": invoice.number,
            "order_id": invoice.order_id,
            "pdf_path": pdf_path,
        },
        customer_id=customer_id,
        conversation_id=conversation_id[:CONVERSATION_ID_MAX] if conversation_id else None,
        status=OutboxStatus.QUEUED,
        created_at=now,
        sent_at=None,
    )
    session.add(mail)
    session.flush()
    outbox_id = mail.id
    session.commit()
    return InvoiceMail(invoice=invoice, outbox_id=outbox_id, repeated=False)
