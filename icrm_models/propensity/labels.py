"""Who bought in a window after a cut date: the target of the propensity model."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Engine, func, select

from icrm_models.db.schema import Order, OrderItem, Product
from icrm_models.features.cleaning import CleaningRules, purchase_filter


def purchased_between(
    engine: Engine, start: datetime, end: datetime, *, rules: CleaningRules | None = None
) -> pd.Series:
    """Customer id -> number of purchase orders placed in [start, end)."""
    if end <= start:
        raise ValueError(f"empty window: {start:%Y-%m-%d} .. {end:%Y-%m-%d}")
    query = (
        select(Order.customer_id, func.count(func.distinct(Order.id)).label("orders"))
        .join(OrderItem, OrderItem.order_id == Order.id)
        .join(Product, Product.id == OrderItem.product_id)
        .where(
            Order.placed_at >= start,
            Order.placed_at < end,
            purchase_filter(rules or CleaningRules(), as_of=end),
        )
        .group_by(Order.customer_id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.Series(
        {int(c): int(n) for c, n in rows if c is not None}, name="orders", dtype="int64"
    )


def purchase_labels(
    engine: Engine,
    customers: pd.Index,
    cut: datetime,
    horizon_days: int,
    *,
    rules: CleaningRules | None = None,
) -> pd.Series:
    """1 for each customer in ``customers`` who bought within ``horizon_days`` after ``cut``."""
    if horizon_days < 1:
        raise ValueError(f"horizon_days must be at least 1, got {horizon_days}")
    bought = purchased_between(engine, cut, cut + timedelta(days=horizon_days), rules=rules)
    return pd.Series(customers.isin(bought.index).astype(int), index=customers, name="label")
