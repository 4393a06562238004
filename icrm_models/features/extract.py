"""Per-customer features as of a cut date.

The purchase lines (:mod:`icrm_models.features.lines`, read once per training run) are
aggregated here with numpy; behaviour, returns, tickets and offers stay one SQL GROUP BY each
(:mod:`icrm_models.features.activity`). Nothing after the cut date is used: features never see
the future.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from icrm_models.features.activity import (
    behaviour_counts,
    complaints,
    offers_accepted_rate,
    returned_lines,
    tenure_days,
)
from icrm_models.features.cleaning import CleaningReport, CleaningRules, cleaning_report
from icrm_models.features.definitions import (
    CATEGORY_PREFIX,
    DECAY_HALF_LIVES,
    VISIT_WINDOWS,
    base_feature_names,
)
from icrm_models.features.lines import LineCache, PurchaseLines


@dataclass
class FeatureSet:
    """Features per customer (index: customer id) and the cleaning report behind them."""

    frame: pd.DataFrame
    cut: datetime
    report: CleaningReport


def extract_features(
    engine: Engine,
    cut: datetime,
    *,
    rules: CleaningRules | None = None,
    lines: LineCache | None = None,
) -> FeatureSet:
    """Features of every customer with at least one purchase before ``cut``.

    The purchase lines are read once (from ``lines`` when given, so that several cuts share
    one read) and aggregated with numpy; the other tables are aggregated in SQL.
    """
    rules = rules or CleaningRules()
    if lines is not None and lines.rules != rules:
        raise ValueError("the line cache was read with other cleaning rules")
    report = cleaning_report(engine, cut, rules)
    source = (lines or LineCache(engine, rules)).lines(cut)
    cut_s = cut.timestamp()
    keep = (source.placed < cut_s) & (source.unsold >= cut_s)
    report.set_aside["exact duplicate line"] = report.lines_kept - int(keep.sum())
    report.lines_kept -= report.set_aside["exact duplicate line"]
    if not keep.any():
        raise ValueError(f"no purchases before {cut:%Y-%m-%d}: nothing to learn from")
    customer = source.customer[keep]
    ids, row = np.unique(customer, return_inverse=True)
    n = len(ids)
    quantity, unit_price = source.quantity[keep], source.unit_price[keep]
    placed, orders = source.placed[keep], source.order[keep]
    spent = quantity * unit_price
    # An order belongs to one customer and has one time: its first line stands for it.
    _, first_line = np.unique(orders, return_index=True)
    order_row, order_at = row[first_line], placed[first_line]
    first_at, last_at = np.full(n, np.inf), np.full(n, -np.inf)
    np.minimum.at(first_at, order_row, order_at)
    np.maximum.at(last_at, order_row, order_at)
    frame = pd.DataFrame(
        {
            "frequency": np.bincount(order_row, minlength=n).astype(float),
            # SQL sums of money come back as Numeric(12, 2): rounded to cents.
            "monetary": np.round(np.bincount(row, weights=spent, minlength=n), 2),
            "items": np.bincount(row, weights=quantity, minlength=n),
            "lines": np.bincount(row, minlength=n).astype(float),
            "discounted": np.bincount(
                row, weights=unit_price < source.list_price[keep], minlength=n
            ),
        },
        index=pd.Index(ids, name="customer_id"),
    )
    first = pd.Series(pd.to_datetime(first_at, unit="s", utc=True), index=frame.index)
    last = pd.Series(pd.to_datetime(last_at, unit="s", utc=True), index=frame.index)
    cut_ts = pd.Timestamp(cut)
    frame["recency_days"] = (cut_ts - last).dt.total_seconds() / 86400
    frame["interpurchase_days"] = np.where(
        frame["frequency"] > 1,
        (last - first).dt.total_seconds() / 86400 / (frame["frequency"] - 1).clip(lower=1),
        np.nan,
    )
    frame["avg_basket_items"] = frame["items"] / frame["frequency"]
    frame["avg_order_value"] = frame["monetary"] / frame["frequency"]
    frame["discount_share"] = frame["discounted"] / frame["lines"]
    frame["tenure_days"] = tenure_days(engine, frame.index, first, cut_ts)
    for days in (30, 90, 180):
        recent = order_at >= cut_s - days * 86400
        frame[f"orders_last_{days}d"] = np.bincount(order_row[recent], minlength=n).astype(float)
    recent_spend = np.where(placed >= cut_s - 90 * 86400, spent, 0.0)
    frame["monetary_last_90d"] = np.round(np.bincount(row, weights=recent_spend, minlength=n), 2)
    frame = frame.join(_visits(row, placed, spent, n, cut_s, frame.index))
    frame = frame.join(returned_lines(engine, cut)).join(behaviour_counts(engine, cut))
    frame = frame.join(complaints(engine, cut)).join(offers_accepted_rate(engine, cut))
    frame["return_rate"] = frame["returned_lines"].fillna(0) / frame["lines"]
    affinities = _category_affinities(row, source.category[keep], quantity, source, frame.index)
    frame = frame.join(affinities)
    frame = frame.fillna({c: 0.0 for c in frame.columns if c != "interpurchase_days"})
    # Customers with one purchase have no inter-purchase time: use their tenure, a lower bound.
    frame["interpurchase_days"] = frame["interpurchase_days"].fillna(frame["tenure_days"])
    # How overdue the next purchase is, against the customer's own rhythm.
    frame["overdue_ratio"] = frame["recency_days"] / frame["interpurchase_days"].clip(lower=1)
    columns = base_feature_names() + sorted(affinities.columns)
    return FeatureSet(frame=frame[columns].astype(float), cut=cut, report=report)


def _visits(
    row: np.ndarray, placed: np.ndarray, spent: np.ndarray, n: int, cut_s: float, index: pd.Index
) -> pd.DataFrame:
    """Purchase days ("visits"): all of them, the recent ones, and exponentially decayed sums.

    Several orders on one calendar day (UTC) are one visit, dated by its last order. A visit of
    age ``a`` days weighs ``0.5 ** (a / h)`` for the half-life ``h``.
    """
    day = np.floor(placed / 86400).astype(np.int64)
    key = row.astype(np.int64) * (int(day.max()) + 1 if len(day) else 1) + day
    visit_key, visit = np.unique(key, return_inverse=True)
    visit_row = row[np.unique(visit, return_index=True)[1]]
    visit_at = np.full(len(visit_key), -np.inf)
    np.maximum.at(visit_at, visit, placed)
    money = np.bincount(visit, weights=spent, minlength=len(visit_key))
    age = (cut_s - visit_at) / 86400  # from the visit's last order
    columns: dict[str, np.ndarray] = {
        "visit_days": np.bincount(visit_row, minlength=n).astype(float)
    }
    for days in VISIT_WINDOWS:
        recent = visit_at >= cut_s - days * 86400
        columns[f"visits_last_{days}d"] = np.bincount(
            visit_row, weights=recent, minlength=n
        ).astype(float)
    for half_life in DECAY_HALF_LIVES:
        weight = np.exp(age * (-math.log(2) / half_life))
        columns[f"decay_visits_{half_life}d"] = np.bincount(visit_row, weights=weight, minlength=n)
        columns[f"decay_monetary_{half_life}d"] = np.bincount(
            visit_row, weights=weight * money, minlength=n
        )
    return pd.DataFrame(columns, index=index)


def _category_affinities(
    row: np.ndarray,
    category: np.ndarray,
    quantity: np.ndarray,
    source: PurchaseLines,
    index: pd.Index,
) -> pd.DataFrame:
    """Share of each customer's items per category, one column ``cat::<category>`` each
    (categories somebody bought from before the cut)."""
    n_categories = len(source.categories)
    items = np.bincount(
        row * n_categories + category, weights=quantity, minlength=len(index) * n_categories
    ).reshape(len(index), n_categories)
    bought = np.flatnonzero(np.bincount(category, minlength=n_categories))
    items = items[:, bought]
    table = pd.DataFrame(
        items / items.sum(axis=1, keepdims=True),
        index=index,
        columns=[f"{CATEGORY_PREFIX}{source.categories[c]}" for c in bought],
    )
    return table
