"""A customer's latest orders, for "which order?" questions and "list my orders"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Order
from icrm_models.db.statuses import OrderStatus
from icrm_models.orders.owned import owned_by


@dataclass(frozen=True)
class RecentOrder:
    """One line of the list: number, date and status."""

    order_id: int
    placed_at: datetime
    status: OrderStatus


def latest_orders(session: Session, *, customer_id: int, limit: int = 3) -> list[RecentOrder]:
    """The customer's ``limit`` newest orders, newest first; [] for an erased account."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    rows = session.execute(
        select(Order.id, Order.placed_at, Order.status)
        .where(owned_by(customer_id))
        .order_by(Order.placed_at.desc(), Order.id.desc())
        .limit(limit)
    ).all()
    return [RecentOrder(order_id, placed_at, status) for order_id, placed_at, status in rows]
