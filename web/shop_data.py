"""Read-only queries the demo shop page needs: customers to log in as, and some products."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer, Product
from icrm_models.orders.status import recent_orders
from web.payloads import CustomerSummary, FeaturedProduct, OrderSummary, PickerCustomer


def demo_customers(session: Session, *, limit: int = 12) -> list[PickerCustomer]:
    """The first customers, as the demo log-in's picker offers them: id and name only.

    Not their e-mail addresses or order numbers: together those are what a guest proves an
    order with, so a list of them would let anyone pass as these customers.
    """
    customers = session.execute(
        select(Customer.id, Customer.name)
        .where(Customer.deleted_at.is_(None))
        .order_by(Customer.id)
        .limit(limit)
    ).all()
    return [PickerCustomer(id=customer_id, name=name) for customer_id, name in customers]


def logged_in_customer(session: Session, customer_id: int) -> CustomerSummary | None:
    """What the page shows a customer who just logged in (their name and latest orders), or
    None for no such customer or a deleted account."""
    customer = session.get(Customer, customer_id)
    if customer is None or customer.deleted_at is not None:
        return None
    return CustomerSummary(
        name=customer.name,
        orders=[
            OrderSummary(id=oid, status=status)
            for oid, status in recent_orders(session, customer_id=customer.id, limit=4)
        ],
    )


def featured_products(session: Session, *, currency: str, limit: int = 8) -> list[FeaturedProduct]:
    """Products in stock for the shop window, one per category (the catalogue's first), priced
    in ``currency`` (the shop's)."""
    first_per_category = (
        select(func.min(Product.id))
        .where(Product.stock > 0, Product.price > 0)
        .group_by(Product.category)
    )
    products = session.scalars(
        select(Product)
        .where(Product.id.in_(first_per_category))
        .order_by(Product.category)
        .limit(limit)
    ).all()
    return [
        FeaturedProduct(
            sku=p.sku,
            name=p.name,
            price=str(p.price),
            currency=currency,
            category=p.category,
            image_url=p.image_url,
        )
        for p in products
    ]
