"""What to offer customers the recommender has never seen buy: their segment's best-sellers.

A customer who first bought after the last training has a segment (segments are scored as of
now) but no row in the recommender; a customer who never bought has neither. The first get
what customers of their segment bought most lately, the second what new customers bought
first. Both rankings are computed at training time from the same purchase lines and stored in
the model bundle, so serving them costs a dict look-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

WINDOW_DAYS = 90  # "lately": the sales counted, as for the shop-wide best-sellers
TOP = 100  # products kept per ranking: filters (stock, exclusions) rarely reject more
SEGMENT_REASON = "popular with customers like you"
FIRST_ORDER_REASON = "a favourite first buy here"


@dataclass(frozen=True)
class ColdStart:
    """Product ids best first: per segment name, and among customers' first orders."""

    by_segment: dict[str, list[int]] = field(default_factory=dict)
    first_orders: list[int] = field(default_factory=list)

    def ranking(self, segment: str | None) -> tuple[list[int], str]:
        """The ranking for a customer of ``segment`` (None: never bought) and its reason."""
        if segment is not None and self.by_segment.get(segment):
            return self.by_segment[segment], SEGMENT_REASON
        return self.first_orders, FIRST_ORDER_REASON


def _top_by_buyers(customers: np.ndarray, products: np.ndarray, top: int) -> list[int]:
    """Products by distinct buyers, best first (ties: lower product id first)."""
    if not len(products):
        return []
    pairs = np.unique(np.stack([products, customers], axis=1), axis=0)
    ids, buyers = np.unique(pairs[:, 0], return_counts=True)
    order = np.lexsort((ids, -buyers))[:top]
    return [int(p) for p in ids[order]]


def _recent(lines: pd.DataFrame, cut: datetime, window_days: int) -> pd.DataFrame:
    """Lines of the last ``window_days`` before ``cut``, or all of them if the window is empty."""
    recent = lines[lines["placed_at"] >= pd.Timestamp(cut) - pd.Timedelta(days=window_days)]
    return recent if len(recent) else lines


def cold_start_rankings(
    lines: pd.DataFrame,
    segments: pd.Series,
    cut: datetime,
    *,
    window_days: int = WINDOW_DAYS,
    top: int = TOP,
) -> ColdStart:
    """Rankings from purchase lines before ``cut`` (columns customer_id, order_id,
    product_id, placed_at) and each customer's segment name (``segments``, by customer id)."""
    if window_days < 1 or top < 1:
        raise ValueError(f"window_days and top must be at least 1, got {window_days}, {top}")
    lines = lines[lines["placed_at"] < pd.Timestamp(cut)]
    recent = _recent(lines, cut, window_days)
    segment_of = recent["customer_id"].map(segments)
    by_segment = {
        str(name): _top_by_buyers(
            group["customer_id"].to_numpy(), group["product_id"].to_numpy(), top
        )
        for name, group in recent[segment_of.notna()].groupby(segment_of[segment_of.notna()])
    }
    # Each customer's first order: the order of their earliest line (no sort of all lines).
    first_order = lines.loc[lines.groupby("customer_id")["placed_at"].idxmin(), "order_id"]
    firsts = _recent(lines[lines["order_id"].isin(first_order)], cut, window_days)
    return ColdStart(
        by_segment=by_segment,
        first_orders=_top_by_buyers(
            firsts["customer_id"].to_numpy(), firsts["product_id"].to_numpy(), top
        ),
    )
