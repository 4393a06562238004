"""What customers ask: intents, their trend, and how sure the NLU was (confidence histogram).

Counted over the customers' messages sent in the period (``analytics_turns`` with actor
``customer``). A message without an intent (text the NLU never classified) counts as
``(none)``.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import ColumnElement, and_, case, func, select

from icrm_models.analytics.metrics_sql import Scope, bin_of, day_of, frame, share
from icrm_models.db.tables.analytics import AnalyticsTurn

NO_INTENT = "(none)"
# pandas period codes: weeks end on Sunday, so each starts (and is labelled) on a Monday
TREND_FREQUENCIES = {"day": "D", "week": "W-SUN", "month": "M"}


def _customer_turns(scope: Scope) -> list[ColumnElement[bool]]:
    t = AnalyticsTurn
    return [t.actor == "customer", t.at >= scope.period.start, t.at < scope.period.end]


def intents(scope: Scope) -> pd.DataFrame:
    """Per intent: ``intent, messages, share, mean_confidence, fallbacks``, most asked first."""
    t = AnalyticsTurn
    intent = func.coalesce(t.intent, NO_INTENT).label("intent")
    query = (
        select(
            intent,
            func.count(),
            func.avg(t.confidence),
            func.sum(case((t.fallback.is_(True), 1), else_=0)),
        )
        .where(and_(*_customer_turns(scope)))
        .group_by(intent)
    )
    table = frame(scope.engine, query, ["intent", "messages", "mean_confidence", "fallbacks"])
    table = table.astype({"messages": int, "fallbacks": int, "mean_confidence": float})
    table = table.sort_values(["messages", "intent"], ascending=[False, True])
    table.insert(2, "share", share(table["messages"], float(table["messages"].sum())))
    return table.reset_index(drop=True)


def intent_trend(scope: Scope, freq: str = "week", top: int | None = 10) -> pd.DataFrame:
    """Messages per intent and period: a table indexed by period start, one column per intent.

    ``freq`` is ``day``, ``week`` (weeks start on Monday) or ``month``; ``top`` keeps the
    most asked intents and sums the rest into ``(other)`` (None keeps all).
    """
    if freq not in TREND_FREQUENCIES:
        raise ValueError(f"freq must be one of {sorted(TREND_FREQUENCIES)}, not {freq!r}")
    if top is not None and top < 1:
        raise ValueError(f"top must be at least 1, not {top}")
    t = AnalyticsTurn
    day = day_of(scope.engine, t.at).label("day")
    intent = func.coalesce(t.intent, NO_INTENT).label("intent")
    query = (
        select(day, intent, func.count()).where(and_(*_customer_turns(scope))).group_by(day, intent)
    )
    daily = frame(scope.engine, query, ["day", "intent", "messages"])
    if daily.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="period"))
    daily["day"] = pd.to_datetime(daily["day"])
    if top is not None:
        totals = daily.groupby("intent")["messages"].sum()
        ranking = sorted(totals.index, key=lambda name: (-int(totals[name]), str(name)))
        kept = set(ranking[:top])
        daily["intent"] = daily["intent"].where(daily["intent"].isin(kept), "(other)")
    daily["period"] = daily["day"].dt.to_period(TREND_FREQUENCIES[freq]).dt.start_time
    wide = daily.pivot_table(
        index="period", columns="intent", values="messages", aggfunc="sum", fill_value=0
    )
    totals = wide.sum()
    order = sorted(wide.columns, key=lambda name: (-int(totals[name]), str(name)))  # stable
    wide = wide[order].astype(int)
    wide.columns.name = None
    return wide


def confidence_histogram(scope: Scope, bins: int = 20) -> pd.DataFrame:
    """Customer messages per confidence bin: ``low, high, messages, fallbacks``.

    ``bins`` equal-width bins over [0, 1]; a confidence of exactly 1 is in the last bin.
    Messages without a confidence (never classified) are not counted.
    """
    if not 1 <= bins <= 1000:
        raise ValueError(f"bins must be between 1 and 1000, not {bins}")
    t = AnalyticsTurn
    bucket = bin_of(scope.engine, t.confidence, bins).label("bucket")
    query = (
        select(bucket, func.count(), func.sum(case((t.fallback.is_(True), 1), else_=0)))
        .where(and_(*_customer_turns(scope), t.confidence.is_not(None)))
        .group_by(bucket)
    )
    raw = frame(scope.engine, query, ["bucket", "messages", "fallbacks"])
    raw["bucket"] = raw["bucket"].astype(int).clip(0, bins - 1)
    counts = raw.groupby("bucket")[["messages", "fallbacks"]].sum()
    counts = counts.reindex(range(bins), fill_value=0).astype(int)
    edges = pd.Series(range(bins), dtype=float) / bins
    return pd.DataFrame(
        {
            "low": edges.to_numpy(),
            "high": (edges + 1 / bins).to_numpy(),
            "messages": counts["messages"].to_numpy(),
            "fallbacks": counts["fallbacks"].to_numpy(),
        }
    )
