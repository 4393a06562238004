"""The purchase lines, cleaned and de-duplicated in SQL, read once into numpy columns.

About 60 bytes a line; a training run computes features at six cut dates from one read
(:class:`LineCache`), where six SQL passes of GROUP BYs over the joined lines took minutes each
at ten million lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Engine,
    Float,
    Subquery,
    case,
    cast,
    extract,
    func,
    null,
    select,
)

from icrm_models.db.schema import Order, OrderItem, Product
from icrm_models.features.cleaning import CleaningRules, not_a_sale, purchase_filter


def _purchase_lines(rules: CleaningRules, cut: datetime) -> Subquery:
    """Distinct kept lines (exact duplicates collapse) with their order, customer and category.

    A line is a duplicate when order, product, quantity, prices, size and colour are all equal:
    the Online Retail file repeats rows that way.
    """
    return (
        select(
            Order.customer_id.label("customer_id"),
            OrderItem.order_id.label("order_id"),
            OrderItem.product_id.label("product_id"),
            OrderItem.quantity.label("quantity"),
            OrderItem.unit_price.label("unit_price"),
            Product.price.label("list_price"),
            Order.placed_at.label("placed_at"),
            Product.category.label("category"),
            # Sizes and colours of one product are different lines, not duplicates.
            OrderItem.size.label("size"),
            OrderItem.color.label("color"),
            # When the order stopped being a sale (cancelled or credited; NULL: it is one):
            # each cut keeps the lines of orders cancelled after it.
            case(
                (not_a_sale(), func.coalesce(Order.cancelled_at, Order.placed_at)),
                else_=null(),
            ).label("unsold_at"),
        )
        .distinct()
        .join(Order, Order.id == OrderItem.order_id)
        .join(Product, Product.id == OrderItem.product_id)
        .where(Order.placed_at < cut, purchase_filter(rules, cancellations=False))
        .subquery("lines")
    )


def _epoch(engine: Engine, column: ColumnElement[datetime]) -> ColumnElement[float]:
    """Seconds since 1970 (UTC) of a timestamp column, computed by the database."""
    if engine.dialect.name == "sqlite":  # timestamps are stored as UTC text
        return cast(func.strftime("%s", column), Float) + cast(func.substr(column, 20, 7), Float)
    return cast(extract("epoch", column), Float)


@dataclass
class PurchaseLines:
    """Distinct purchase lines placed before ``before``, as numpy columns."""

    before: datetime
    customer: np.ndarray  # int64
    order: np.ndarray  # int64
    product: np.ndarray  # int64
    quantity: np.ndarray  # float64
    unit_price: np.ndarray  # float64
    list_price: np.ndarray  # float64
    placed: np.ndarray  # float64, seconds since 1970 (UTC)
    unsold: np.ndarray  # float64, when the order was cancelled or credited (inf: never)
    category: np.ndarray  # codes into ``categories``
    categories: list[str]


def _read_lines(engine: Engine, rules: CleaningRules, before: datetime) -> PurchaseLines:
    """One pass over the purchase lines (distinct, cleaned), streamed into numpy columns."""
    lines = _purchase_lines(rules, before)
    query = select(
        lines.c.customer_id,
        lines.c.order_id,
        lines.c.product_id,
        cast(lines.c.quantity, Float),
        cast(lines.c.unit_price, Float),
        _epoch(engine, lines.c.placed_at),
        _epoch(engine, lines.c.unsold_at),
    )
    parts: list[np.ndarray] = []
    with engine.connect() as conn:
        result = conn.execute(query)
        while batch := result.fetchmany(200_000):
            parts.append(np.array([tuple(r) for r in batch], dtype=np.float64))
        products = conn.execute(select(Product.id, Product.price, Product.category)).all()
    data = np.vstack(parts) if parts else np.zeros((0, 7))
    categories = sorted({str(p[2]) for p in products})
    code = {c: i for i, c in enumerate(categories)}
    row_of = np.full(max((int(p[0]) for p in products), default=0) + 1, -1, dtype=np.int64)
    row_of[[int(p[0]) for p in products]] = np.arange(len(products))
    at = row_of[data[:, 2].astype(np.int64)]
    list_prices = np.array([float(p[1]) for p in products], dtype=np.float64)
    category_codes = np.array([code[str(p[2])] for p in products], dtype=np.int32)
    return PurchaseLines(
        before=before,
        customer=data[:, 0].astype(np.int64),
        order=data[:, 1].astype(np.int64),
        product=data[:, 2].astype(np.int64),
        quantity=data[:, 3].copy(),
        unit_price=data[:, 4].copy(),
        list_price=list_prices[at],
        placed=data[:, 5].copy(),
        unsold=np.nan_to_num(data[:, 6], nan=np.inf),
        category=category_codes[at],
        categories=categories,
    )


class LineCache:
    """Purchase lines read once for features at several cuts (training extracts six).

    Holds the lines before the latest cut asked for; an earlier cut reuses them. About 60 bytes
    per order line (600 MB for ten million); drop the cache to free them.
    """

    def __init__(self, engine: Engine, rules: CleaningRules | None = None) -> None:
        self.engine = engine
        self.rules = rules or CleaningRules()
        self._lines: PurchaseLines | None = None

    def lines(self, cut: datetime) -> PurchaseLines:
        """Lines that may hold everything placed before ``cut``."""
        if self._lines is None or self._lines.before < cut:
            self._lines = None  # free the old arrays before reading the new ones
            self._lines = _read_lines(self.engine, self.rules, cut)
        return self._lines

    def purchases(self, cut: datetime) -> pd.DataFrame:
        """What :func:`icrm_models.recommend.interactions.purchase_lines` reads for ``cut``
        (distinct customer, order, product and time of lines placed before it), from the cache."""
        source = self.lines(cut)
        cut_s = cut.timestamp()
        keep = np.flatnonzero((source.placed < cut_s) & (source.unsold >= cut_s))
        # An order has one customer and one time: (order, product) makes the line distinct.
        pairs = np.stack([source.order[keep], source.product[keep]], axis=1)
        _, first = np.unique(pairs, axis=0, return_index=True)
        at = keep[np.sort(first)]
        micros = np.round(source.placed[at] * 1e6).astype(np.int64)
        return pd.DataFrame(
            {
                "customer_id": source.customer[at],
                "order_id": source.order[at],
                "product_id": source.product[at],
                "placed_at": pd.to_datetime(micros, unit="us", utc=True),
            }
        )
