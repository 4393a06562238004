"""Recent best-sellers: what guests, new customers and a server without models are offered.

Popularity is the number of distinct customers who bought a product in the last
``window_days`` (real purchases only, by the same cleaning rules as the models), topped up by
all-time sales when the window is thin. One product per category keeps three cards varied;
categories the customer asked about in the chat come first. A ``lead`` ranking (a segment's
best-sellers, from the models) goes before the shop-wide one.

Ranking scans the shop's order lines, so it is computed once per database and ten minutes
(:data:`RANKING_TTL_S`) and shared; stock and status are checked fresh for the few candidates.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Order, OrderItem, Product
from icrm_models.features.cleaning import CleaningRules, purchase_filter
from icrm_models.offers.shared_cache import PerDatabaseCache, engine_of
from icrm_models.recommend.personal import Recommendation
from icrm_models.search.text import display_name

POPULAR_REASON = "popular right now"
INTEREST_REASON = "a best-seller in {category}, which you asked about"
WINDOW_DAYS = 90
RANKING_TTL_S = 600.0
CANDIDATE_BATCH = 64
MAX_SCAN = 8 * CANDIDATE_BATCH  # how deep to look for a preferred category


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


_rankings: PerDatabaseCache[list[tuple[int, int]]] = PerDatabaseCache(RANKING_TTL_S)


def _ranking(session: Session, now: datetime, window_days: int) -> list[tuple[int, int]]:
    """Best first: recent buyers, then all-time buyers, then stock; cached per database."""

    def compute() -> list[tuple[int, int]]:
        ranked = _ranked(session, now - timedelta(days=window_days), now)
        ranked += _ranked(session, None, now)
        if ranked:
            return ranked
        return [  # a shop without sales yet: whatever is in stock
            (int(pid), 0)
            for pid in session.execute(
                select(Product.id)
                .where(Product.is_active, Product.stock > 0)
                .order_by(Product.stock.desc(), Product.id)
            ).scalars()
        ]

    return _rankings.get(
        engine_of(session), (window_days, int(now.timestamp() // RANKING_TTL_S)), compute
    )


def forget_rankings() -> None:
    """Drop cached rankings (after bulk changes to orders, and between tests)."""
    _rankings.clear()


def popular_products(
    session: Session,
    *,
    now: datetime,
    k: int = 3,
    exclude: Collection[int] = (),
    window_days: int = WINDOW_DAYS,
    max_per_category: int = 1,
    prefer_categories: Sequence[str] = (),
    lead: Sequence[int] = (),
    lead_reason: str = POPULAR_REASON,
) -> list[Recommendation]:
    """Up to ``k`` best-sellers that can be bought now, ``exclude`` left out.

    ``prefer_categories`` (what the customer asked about) are served first, then the rest.
    Products in ``lead`` (best first) rank above the shop-wide best-sellers and carry
    ``lead_reason``.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    ranked = _ranking(session, now, window_days)
    if lead:
        above = max((n for _, n in ranked), default=0) + len(lead)
        ranked = [(int(pid), above - i) for i, pid in enumerate(lead)] + ranked
    leading = set(lead)
    peak = max((n for _, n in ranked), default=0) or 1
    preferred = set(prefer_categories)
    first: list[Recommendation] = []
    rest: list[Recommendation] = []
    seen: set[int] = set(exclude)
    per_category: dict[str, int] = {}
    for start in range(0, len(ranked), CANDIDATE_BATCH):
        batch = [(pid, n) for pid, n in ranked[start : start + CANDIDATE_BATCH] if pid not in seen]
        products = {
            p.id: p
            for p in session.execute(
                select(Product).where(
                    Product.id.in_([pid for pid, _ in batch]), Product.is_active, Product.stock > 0
                )
            ).scalars()
        }
        for pid, buyers in batch:
            product = products.get(pid)
            if product is None or pid in seen:
                continue
            seen.add(pid)
            if per_category.get(product.category, 0) >= max_per_category:
                continue
            per_category[product.category] = per_category.get(product.category, 0) + 1
            wanted = product.category in preferred
            if wanted:
                reason = INTEREST_REASON.format(category=product.category.split("/")[-1].lower())
            else:
                reason = lead_reason if pid in leading else POPULAR_REASON
            pick = Recommendation(
                pid, display_name(product.name), product.category, buyers / peak, reason
            )
            (first if wanted else rest).append(pick)
        if len(first) >= k:
            break
        # Enough picks, and every preferred category found (or a long enough search for it).
        unfound = preferred - per_category.keys()
        if len(first) + len(rest) >= k and (not unfound or start >= MAX_SCAN):
            break
    return (first + rest)[:k]
