"""The demo customers the scripted conversations speak as: real rows of the shop's database.

A logged-in customer needs only an id (the runner signs the shop's identity token for it); a
guest proves who they are with the e-mail and an order number, so both must be real, or the
assistant (rightly) refuses. Each customer comes with one of their orders: the most recent
delivered one when they have one (what a return or a complaint is about), else the most recent.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Engine, case, func, select

from icrm_models.db.statuses import OrderStatus
from icrm_models.db.tables.customers import Customer
from icrm_models.db.tables.orders import Order


@dataclass(frozen=True)
class DemoCustomer:
    """A customer of the demo shop with one of their orders."""

    id: int
    email: str
    first_name: str
    order_id: int


def load_cast(
    engine: Engine, *, limit: int = 2000, exclude: Collection[int] = ()
) -> list[DemoCustomer]:
    """Up to ``limit`` customers (not erased, with at least one order), by id.

    ``exclude``: customer ids to leave alone (e.g. those other tests rely on). ``ValueError``
    when the shop has nobody to play, which means it was never seeded.
    """
    delivered_first = case((Order.status == OrderStatus.DELIVERED, 1), else_=0)
    ranked = (
        select(
            Order.customer_id,
            Order.id.label("order_id"),
            func.row_number()
            .over(
                partition_by=Order.customer_id,
                order_by=(delivered_first.desc(), Order.placed_at.desc(), Order.id.desc()),
            )
            .label("rank"),
        )
        .where(Order.customer_id.is_not(None))
        .subquery()
    )
    query = (
        select(Customer.id, Customer.email, Customer.name, ranked.c.order_id)
        .join(ranked, ranked.c.customer_id == Customer.id)
        .where(ranked.c.rank == 1, Customer.deleted_at.is_(None))
        .order_by(Customer.id)
    )
    if exclude:
        query = query.where(Customer.id.not_in(list(exclude)))
    with engine.connect() as connection:
        rows = connection.execute(query.limit(limit)).all()
    if not rows:
        raise ValueError(
            "the shop's database has no customer with an order to play the demo conversations: "
            "seed it first (`icrm seed`, or `icrm up` seeds an empty one)"
        )
    return [
        DemoCustomer(
            id=int(row.id),
            email=str(row.email),
            first_name=str(row.name).split(" ")[0] or "there",
            order_id=int(row.order_id),
        )
        for row in rows
    ]
