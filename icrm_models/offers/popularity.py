"""Recent best-sellers: what guests, new customers and a server without models are offered.

Popularity is the number of distinct customers who bought a product in the last
``window_days`` (real purchases only, by the same cleaning rules as the models), topped up by
all-time sales when the window is thin. One product per category keeps three cards varied.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Order, OrderItem, Product
from icrm_models.features.cleaning import CleaningRules, purchase_filter
from icrm_models.offers.text import display_name
from icrm_models.recommend.personal import Recommendation

POPULAR_REASON = "popular right now"
WINDOW_DAYS = 90


def _ranked(session: Session, since: datetime | None, until: datetime) -> list[tuple[int, int]]:
    """(product id, distinct buyers) of in-stock, active products, best first."""
    buyers = func.count(func.distinct(Order.customer_id))
    query = (
        select(OrderItem.product_id, buyers)
        .join(Order, Order.id == OrderItem.order_id)
        .join(Product, Product.id == OrderItem.product_id)
        .where(
            Order.placed_at < until,
            purchase_filter(CleaningRules()),
            Product.is_active,
            Product.stock > 0,
        )
        .group_by(OrderItem.product_id)
        .order_by(buyers.desc(), OrderItem.product_id)
    )
    if since is not None:
        query = query.where(Order.placed_at >= since)
    return [(int(pid), int(n)) for pid, n in session.execute(query).all()]


def popular_products(
    session: Session,
    *,
    now: datetime,
    k: int = 3,
    exclude: Collection[int] = (),
    window_days: int = WINDOW_DAYS,
    max_per_category: int = 1,
) -> list[Recommendation]:
    """Up to ``k`` recent best-sellers that can be bought now, ``exclude`` left out."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    recent = _ranked(session, now - timedelta(days=window_days), now)
    ranked = recent + _ranked(session, None, now)
    if not ranked:  # a shop without sales yet: whatever is in stock
        ranked = [
            (int(pid), 0)
            for pid in session.execute(
                select(Product.id)
                .where(Product.is_active, Product.stock > 0)
                .order_by(Product.stock.desc(), Product.id)
            ).scalars()
        ]
    peak = max((n for _, n in ranked), default=0) or 1
    wanted = [pid for pid, _ in ranked]
    products = {
        p.id: p
        for p in session.execute(select(Product).where(Product.id.in_(set(wanted)))).scalars()
    }
    picked: list[Recommendation] = []
    seen: set[int] = set(exclude)
    per_category: dict[str, int] = {}
    for pid, buyers in ranked:
        product = products.get(pid)
        if product is None or pid in seen:
            continue
        seen.add(pid)
        if per_category.get(product.category, 0) >= max_per_category:
            continue
        per_category[product.category] = per_category.get(product.category, 0) + 1
        picked.append(
            Recommendation(
                pid, display_name(product.name), product.category, buyers / peak, POPULAR_REASON
            )
        )
        if len(picked) == k:
            break
    return picked
