"""One of the customer's own orders: the only way order-changing code finds an order.

Someone else's order, a guest order and a non-existent one all give the same None, so a caller
can't tell them apart and nothing leaks. An erased customer (``deleted_at``) owns nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer, Order


@dataclass(frozen=True)
class OrderSummary:
    """The few facts about an order that decide what may still be done with it."""

    order_id: int
    status: str
    placed_at: datetime
    total: Decimal
    currency: str
    shipping_address: str | None


def owned_order(
    session: Session, *, customer_id: int, order_id: int, for_update: bool = False
) -> Order | None:
    """The ORM row of ``order_id`` if ``customer_id`` placed it; None otherwise.

    ``for_update`` locks the row (PostgreSQL) so that a state check and the change that
    follows it see the same order, even when the warehouse ships it at the same moment.
    """
    query = (
        select(Order)
        .join(Customer, Customer.id == Order.customer_id)
        .where(
            Order.id == order_id,
            Order.customer_id == customer_id,
            Customer.deleted_at.is_(None),
        )
    )
    if for_update:
        query = query.with_for_update(of=Order)
    return session.execute(query).scalar_one_or_none()


def order_summary(session: Session, *, customer_id: int, order_id: int) -> OrderSummary | None:
    """What decides the changes ``customer_id`` may make to ``order_id``; None if not theirs."""
    order = owned_order(session, customer_id=customer_id, order_id=order_id)
    if order is None:
        return None
    return OrderSummary(
        order_id=order.id,
        status=order.status,
        placed_at=order.placed_at,
        total=order.total,
        currency=order.currency,
        shipping_address=order.shipping_address,
    )


def active_customer(session: Session, customer_id: int) -> Customer | None:
    """The customer row, unless the account was erased."""
    return session.execute(
        select(Customer).where(Customer.id == customer_id, Customer.deleted_at.is_(None))
    ).scalar_one_or_none()
