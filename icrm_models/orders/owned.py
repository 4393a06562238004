"""One of the customer's own orders: the one place the ownership rule is written.

Every read of a customer's orders goes through :func:`owned_by` (a condition for any query
that selects from ``orders``), :func:`owned_orders` (the select of those rows) or
:func:`owned_order` (one of them). Someone else's order, a guest order and a non-existent one
all give the same None, so a caller can't tell them apart and nothing leaks. An erased customer
(``deleted_at``) owns nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.orm import Session

from icrm_models.active_accounts import active_account
from icrm_models.db.schema import Customer, Order
from icrm_models.db.statuses import OrderStatus


@dataclass(frozen=True)
class OrderSummary:
    """The few facts about an order that decide what may still be done with it."""

    order_id: int
    status: OrderStatus
    placed_at: datetime
    total: Decimal
    currency: str
    shipping_address: str | None


def owned_by(customer_id: int) -> ColumnElement[bool]:
    """The SQL condition "this ``orders`` row was placed by ``customer_id``, not erased".

    A condition rather than a join, so that it fits any query that reads orders (with their
    items, invoices, returns ...) without changing what else the query joins. The account check
    is a subquery that never correlates with the outer query: it looks at ``customer_id``'s own
    row whatever the outer query has in its FROM clause.
    """
    account = select(Customer.id).where(active_account(customer_id)).correlate(None)
    return and_(Order.customer_id == customer_id, account.exists())


def owned_orders(customer_id: int) -> Select[Order]:
    """The select of every order of ``customer_id`` (none for an erased account)."""
    return select(Order).where(owned_by(customer_id))


def owned_order(
    session: Session, *, customer_id: int, order_id: int, for_update: bool = False
) -> Order | None:
    """The ORM row of ``order_id`` if ``customer_id`` placed it; None otherwise.

    ``for_update`` locks the row (PostgreSQL) so that a state check and the change that
    follows it see the same order, even when the warehouse ships it at the same moment.
    """
    query = owned_orders(customer_id).where(Order.id == order_id)
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
