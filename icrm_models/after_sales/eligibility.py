"""May this order be returned? The shop's return rule applied to one of the customer's orders.

The rule (``refund.window_days`` in ``data/policies.yml``): only delivered orders, within the
window counted from the parcel's delivery, and only once. The verdict says which part failed, so
the customer is told why; someone else's order gets the same verdict as a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import OrderItem, Product, Return, Shipment
from icrm_models.db.statuses import OrderStatus, ReturnStatus
from icrm_models.orders.owned import owned_order

# A rejected return doesn't count: the customer may ask again (e.g. with the missing tags).
OPEN_OR_DONE_RETURN_STATUSES = (
    ReturnStatus.REQUESTED,
    ReturnStatus.RECEIVED,
    ReturnStatus.REFUNDED,
)


class Verdict(StrEnum):
    """The outcome of a return check; only ``ELIGIBLE`` lets a return start."""

    ELIGIBLE = "eligible"
    NOT_FOUND = "not_found"  # no such order in this customer's account
    NOT_DELIVERED = "not_delivered"  # still being prepared, on its way, or cancelled
    WINDOW_CLOSED = "window_closed"
    ALREADY_RETURNED = "already_returned"


@dataclass(frozen=True)
class ReturnCheck:
    """The verdict on one order, with the facts the customer is told."""

    order_id: int
    verdict: Verdict
    order_status: OrderStatus | None = None
    delivered_at: datetime | None = None
    return_by: datetime | None = None  # end of the return window (delivered orders)
    item_count: int = 0
    first_item: str | None = None

    @property
    def eligible(self) -> bool:
        return self.verdict is Verdict.ELIGIBLE


def check_return(
    session: Session, *, customer_id: int, order_id: int, window_days: int, now: datetime
) -> ReturnCheck:
    """Whether ``customer_id`` may return ``order_id`` at ``now`` (window from the policies)."""
    order = owned_order(session, customer_id=customer_id, order_id=order_id)
    if order is None:
        return ReturnCheck(order_id=order_id, verdict=Verdict.NOT_FOUND)
    count, first_item = session.execute(
        select(func.sum(OrderItem.quantity), func.min(Product.name))
        .join(Product, Product.id == OrderItem.product_id)
        .where(OrderItem.order_id == order.id)
    ).one()
    delivered_at = session.scalar(
        select(func.max(Shipment.delivered_at)).where(Shipment.order_id == order.id)
    )
    facts = ReturnCheck(
        order_id=order.id,
        verdict=Verdict.NOT_DELIVERED,
        order_status=order.status,
        delivered_at=delivered_at,
        item_count=int(count or 0),
        first_item=first_item,
    )
    already = session.scalar(
        select(func.count(Return.id)).where(
            Return.order_id == order.id, Return.status.in_(OPEN_OR_DONE_RETURN_STATUSES)
        )
    )
    if already or order.status == OrderStatus.RETURNED:
        return replace(facts, verdict=Verdict.ALREADY_RETURNED)
    if order.status != OrderStatus.DELIVERED or delivered_at is None:
        return facts
    return_by = delivered_at + timedelta(days=window_days)
    verdict = Verdict.ELIGIBLE if now <= return_by else Verdict.WINDOW_CLOSED
    return replace(facts, verdict=verdict, return_by=return_by)
