"""Who bought what and when, as sparse matrices, read from the database up to a cut date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sqlalchemy import Engine, select

from icrm_models.db.schema import Order, OrderItem, Product
from icrm_models.features.cleaning import CleaningRules, purchase_filter

HALF_LIFE_DAYS = 90.0  # a purchase counts half as much after this many days


@dataclass
class Interactions:
    """Purchases before ``cut``: customers x items counts, recency weights and baskets.

    Rows follow ``customer_ids``, columns ``item_ids`` (product ids); ``orders`` holds the
    distinct orders per (customer, item), ``recency`` the same decayed by age, and ``baskets``
    one row per order (items bought together).
    """

    cut: datetime
    customer_ids: np.ndarray
    item_ids: np.ndarray
    orders: sp.csr_matrix
    recency: sp.csr_matrix
    baskets: sp.csr_matrix
    item_last_sold_days: np.ndarray  # days before the cut an item was last sold

    @property
    def n_items(self) -> int:
        return len(self.item_ids)

    def rows_of(self, customers: np.ndarray) -> np.ndarray:
        """Row positions of ``customers`` (-1 for customers without purchases).

        A binary search in the sorted ``customer_ids``: no index of a million customers is
        built for the one customer of a chat turn.
        """
        customers = np.asarray(customers)
        if not len(self.customer_ids):
            return np.full(customers.shape, -1, dtype=np.int64)
        at = np.searchsorted(self.customer_ids, customers)
        clipped = np.minimum(at, len(self.customer_ids) - 1)
        return np.where(self.customer_ids[clipped] == customers, clipped, -1).astype(np.int64)


def purchase_lines(
    engine: Engine, start: datetime | None, end: datetime, rules: CleaningRules | None = None
) -> pd.DataFrame:
    """Distinct purchase lines (customer, order, product, time) placed in [start, end)."""
    query = (
        select(Order.customer_id, OrderItem.order_id, OrderItem.product_id, Order.placed_at)
        .distinct()
        .join(Order, Order.id == OrderItem.order_id)
        .join(Product, Product.id == OrderItem.product_id)
        .where(Order.placed_at < end, purchase_filter(rules or CleaningRules(), as_of=end))
    )
    if start is not None:
        query = query.where(Order.placed_at >= start)
    with engine.connect() as conn:
        result = conn.execute(query)
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    if not frame.empty:
        frame["placed_at"] = pd.to_datetime(frame["placed_at"], utc=True)
    return frame


def build_interactions(lines: pd.DataFrame, cut: datetime) -> Interactions:
    """Interactions from purchase lines (as from :func:`purchase_lines`)."""
    if lines.empty:
        raise ValueError(f"no purchases before {cut:%Y-%m-%d}: nothing to recommend from")
    customers, c_index = np.unique(lines["customer_id"].to_numpy(), return_inverse=True)
    items, i_index = np.unique(lines["product_id"].to_numpy(), return_inverse=True)
    orders, o_index = np.unique(lines["order_id"].to_numpy(), return_inverse=True)
    age_days = (pd.Timestamp(cut) - lines["placed_at"]).dt.total_seconds().to_numpy() / 86400
    decay = np.power(0.5, np.clip(age_days, 0, None) / HALF_LIFE_DAYS)
    shape = (len(customers), len(items))
    counts = sp.csr_matrix((np.ones(len(lines)), (c_index, i_index)), shape=shape)
    recency = sp.csr_matrix((decay, (c_index, i_index)), shape=shape)
    baskets = sp.csr_matrix(
        (np.ones(len(lines)), (o_index, i_index)), shape=(len(orders), len(items))
    )
    baskets.data[:] = 1.0
    last_sold = np.full(len(items), np.inf)
    np.minimum.at(last_sold, i_index, age_days)
    return Interactions(
        cut=cut,
        customer_ids=customers,
        item_ids=items,
        orders=counts,
        recency=recency,
        baskets=baskets,
        item_last_sold_days=last_sold,
    )
