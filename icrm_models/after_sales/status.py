"""Where a customer's returns and refunds stand, one summary per order, newest first.

An order may have several return rows (one per line) and refunds (one per return, or one for a
cancellation); the customer is told one status per order: the least advanced of its parts, so
"paid" means all of the money is back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Order, Refund, Return
from icrm_models.db.statuses import RefundStatus, ReturnStatus
from icrm_models.orders.owned import owned_by

# the least advanced first; rejected is not on this path
RETURN_PROGRESS = (ReturnStatus.REQUESTED, ReturnStatus.RECEIVED, ReturnStatus.REFUNDED)
ROWS_SCANNED = 200  # newest return/refund rows read per customer; far more than anyone has


@dataclass(frozen=True)
class RefundCase:
    """The return and refund of one order, summarised."""

    order_id: int
    currency: str
    last_change: datetime  # the newest request, arrival, refund or payout of the order
    return_status: ReturnStatus | None = None  # None: no return
    requested_at: datetime | None = None
    received_at: datetime | None = None
    refund_status: RefundStatus | None = None  # processing|paid|failed; None: no refund yet
    amount: Decimal | None = None  # all refunds of the order together
    paid_at: datetime | None = None


def _return_status(statuses: Iterable[ReturnStatus]) -> ReturnStatus:
    values = set(statuses)
    moving = [s for s in RETURN_PROGRESS if s in values]
    return moving[0] if moving else ReturnStatus.REJECTED


def _refund_status(statuses: Iterable[RefundStatus]) -> RefundStatus:
    """Failed if any failed, paid when all are, else processing (pending ones included)."""
    values = set(statuses)
    if RefundStatus.FAILED in values:
        return RefundStatus.FAILED
    return RefundStatus.PAID if values == {RefundStatus.PAID} else RefundStatus.PROCESSING


def refund_cases(
    session: Session, *, customer_id: int, order_id: int | None = None, limit: int = 3
) -> list[RefundCase]:
    """The customer's latest return/refund cases (only ``order_id``'s when given).

    Someone else's order gives the same empty list as an order without a return.
    """
    owned = [owned_by(customer_id)]
    if order_id is not None:
        owned.append(Order.id == order_id)
    returns = session.execute(
        select(Return, Order.currency)
        .join(Order, Order.id == Return.order_id)
        .where(*owned, Return.customer_id == customer_id)
        .order_by(Return.requested_at.desc())
        .limit(ROWS_SCANNED)
    ).all()
    refunds = session.execute(
        select(Refund, Order.currency)
        .join(Order, Order.id == Refund.order_id)
        .where(*owned)
        .order_by(Refund.created_at.desc())
        .limit(ROWS_SCANNED)
    ).all()
    by_order: dict[int, tuple[list[Return], list[Refund], str]] = {}
    for ret, currency in returns:
        by_order.setdefault(ret.order_id, ([], [], currency))[0].append(ret)
    for refund, currency in refunds:
        by_order.setdefault(refund.order_id, ([], [], currency))[1].append(refund)
    cases = [_case(oid, rets, refs, currency) for oid, (rets, refs, currency) in by_order.items()]
    cases.sort(key=lambda c: (c.last_change, c.order_id), reverse=True)
    return cases[:limit]


def _case(order_id: int, returns: list[Return], refunds: list[Refund], currency: str) -> RefundCase:
    requested_at = min((r.requested_at for r in returns), default=None)
    received = [r.received_at for r in returns if r.received_at is not None]
    received_at = max(received) if received else None
    refund_status = _refund_status(r.status for r in refunds) if refunds else None
    paid = [r.paid_at for r in refunds if r.paid_at is not None]
    paid_at = max(paid) if paid and refund_status == RefundStatus.PAID else None
    moments = [r.requested_at for r in returns] + [r.created_at for r in refunds] + paid
    return RefundCase(
        order_id=order_id,
        currency=currency,
        last_change=max(moments + received),
        return_status=_return_status(r.status for r in returns) if returns else None,
        requested_at=requested_at,
        received_at=received_at,
        refund_status=refund_status,
        amount=sum((r.amount for r in refunds), Decimal(0)) if refunds else None,
        paid_at=paid_at,
    )
