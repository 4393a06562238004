"""Read-only queries the demo shop page needs: customers to log in as, and some products."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer, Product
from icrm_models.orders.status import recent_orders


def demo_customers(session: Session, *, limit: int = 12) -> list[dict[str, Any]]:
    """The first customers with their latest orders (what the picker offers)."""
    customers = (
        session.execute(
            select(Customer).where(Customer.deleted_at.is_(None)).order_by(Customer.id).limit(limit)
        )
        .scalars()
        .all()
    )
    return [
        {
            "id": c.id,
            "name": c.name,
            "email": c.email,
            "city": c.city,
            "orders": [
                {"id": oid, "status": status}
                for oid, status in recent_orders(session, customer_id=c.id, limit=4)
            ],
        }
        for c in customers
    ]


def customer_exists(session: Session, customer_id: int) -> bool:
    """True for an existing customer whose account has not been deleted."""
    customer = session.get(Customer, customer_id)
    return customer is not None and customer.deleted_at is None


def featured_products(session: Session, *, limit: int = 8) -> list[dict[str, Any]]:
    """Products in stock for the shop window, one per category (the catalogue's first)."""
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
        {"sku": p.sku, "name": p.name, "price": str(p.price), "category": p.category}
        for p in products
    ]
