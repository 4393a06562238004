"""One of the customer's invoices: by its number, by its order, or the latest.

Someone else's invoice and a non-existent one give the same None, so nothing leaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Invoice, Order
from icrm_models.db.statuses import InvoiceStatus
from icrm_models.orders.owned import owned_by


@dataclass(frozen=True)
class InvoiceView:
    """What the customer is told about one of their invoices."""

    number: str
    order_id: int
    issued_at: datetime
    amount: Decimal
    currency: str
    status: InvoiceStatus


def find_invoice(
    session: Session,
    *,
    customer_id: int,
    number: str | None = None,
    order_id: int | None = None,
) -> InvoiceView | None:
    """The customer's invoice ``number``, else their invoice of ``order_id``, else their latest.

    ``number`` must already be in the shop's form (see ``parse_invoice_number``).
    """
    query = (
        select(Invoice, Order.currency)
        .join(Order, Order.id == Invoice.order_id)
        .where(Invoice.customer_id == customer_id, owned_by(customer_id))
    )
    if number is not None:
        query = query.where(Invoice.number == number)
    elif order_id is not None:
        query = query.where(Invoice.order_id == order_id)
    row = session.execute(
        query.order_by(Invoice.issued_at.desc(), Invoice.id.desc()).limit(1)
    ).first()
    if row is None:
        return None
    invoice, currency = row
    return InvoiceView(
        number=invoice.number,
        order_id=invoice.order_id,
        issued_at=invoice.issued_at,
        amount=invoice.amount,
        currency=currency,
        status=invoice.status,
    )
