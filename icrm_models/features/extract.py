"""Per-customer features as of a cut date, aggregated inside the database.

Every aggregation is a GROUP BY in SQL (portable between SQLite and PostgreSQL), so only one row
per customer (and one per customer and category) leaves the database, whatever the number of
order lines. Nothing after the cut date is read: features never see the future.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    ColumnElement,
    DateTime,
    Engine,
    Executable,
    Float,
    Subquery,
    case,
    extract,
    func,
    literal,
    select,
)

from icrm_models.db.schema import (
    BehaviourEvent,
    Customer,
    Offer,
    Order,
    OrderItem,
    Product,
    SupportTicket,
)
from icrm_models.features.cleaning import (
    CleaningReport,
    CleaningRules,
    cleaning_report,
    purchase_filter,
)
from icrm_models.features.definitions import (
    CATEGORY_PREFIX,
    DECAY_HALF_LIVES,
    VISIT_WINDOWS,
    base_feature_names,
)

CHAT_REFUND_INTENTS = ("cancel_order", "get_refund", "track_refund", "check_refund_policy")


@dataclass
class FeatureSet:
    """Features per customer (index: customer id) and the cleaning report behind them."""

    frame: pd.DataFrame
    cut: datetime
    report: CleaningReport


def _purchase_lines(rules: CleaningRules, cut: datetime) -> Subquery:
    """Distinct kept lines (exact duplicates collapse) with their order, customer and category."""
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
        )
        .distinct()
        .join(Order, Order.id == OrderItem.order_id)
        .join(Product, Product.id == OrderItem.product_id)
        .where(Order.placed_at < cut, purchase_filter(rules))
        .subquery("lines")
    )


def _frame(engine: Engine, query: Executable) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(query)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def extract_features(
    engine: Engine, cut: datetime, *, rules: CleaningRules | None = None
) -> FeatureSet:
    """Features of every customer with at least one purchase before ``cut``."""
    rules = rules or CleaningRules()
    report = cleaning_report(engine, cut, rules)
    lines = _purchase_lines(rules, cut)
    per_customer = _frame(
        engine,
        select(
            lines.c.customer_id,
            func.count(func.distinct(lines.c.order_id)).label("frequency"),
            func.sum(lines.c.quantity * lines.c.unit_price).label("monetary"),
            func.sum(lines.c.quantity).label("items"),
            func.count().label("lines"),
            func.sum(case((lines.c.unit_price < lines.c.list_price, 1), else_=0)).label(
                "discounted"
            ),
            func.min(lines.c.placed_at).label("first_at"),
            func.max(lines.c.placed_at).label("last_at"),
        ).group_by(lines.c.customer_id),
    )
    distinct_lines = _frame(engine, select(func.count()).select_from(lines))
    report.set_aside["exact duplicate line"] = report.lines_kept - int(distinct_lines.iloc[0, 0])
    report.lines_kept -= report.set_aside["exact duplicate line"]
    if per_customer.empty:
        raise ValueError(f"no purchases before {cut:%Y-%m-%d}: nothing to learn from")
    frame = per_customer.set_index("customer_id")
    for column in ("monetary", "items", "lines", "discounted", "frequency"):
        frame[column] = frame[column].astype(float)
    first = pd.to_datetime(frame["first_at"], utc=True)
    last = pd.to_datetime(frame["last_at"], utc=True)
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
    frame["tenure_days"] = _tenure(engine, frame.index, first, cut_ts)
    frame = frame.join(_recent_orders(engine, lines, cut)).join(_visits(engine, lines, cut))
    frame = frame.join(_returns(engine, cut)).join(_behaviour(engine, cut))
    frame = frame.join(_tickets(engine, cut)).join(_offers(engine, cut))
    frame["return_rate"] = frame["returned_lines"].fillna(0) / frame["lines"]
    affinities = _category_affinities(engine, lines)
    frame = frame.join(affinities)
    frame = frame.fillna({c: 0.0 for c in frame.columns if c != "interpurchase_days"})
    # Customers with one purchase have no inter-purchase time: use their tenure, a lower bound.
    frame["interpurchase_days"] = frame["interpurchase_days"].fillna(frame["tenure_days"])
    # How overdue the next purchase is, against the customer's own rhythm.
    frame["overdue_ratio"] = frame["recency_days"] / frame["interpurchase_days"].clip(lower=1)
    columns = base_feature_names() + sorted(affinities.columns)
    return FeatureSet(frame=frame[columns].astype(float), cut=cut, report=report)


def _tenure(engine: Engine, ids: pd.Index, first: pd.Series, cut: pd.Timestamp) -> pd.Series:
    signups = _frame(
        engine,
        select(Customer.id.label("customer_id"), Customer.created_at).where(
            Customer.id.in_(select(Order.customer_id).distinct())
        ),
    )
    created = pd.to_datetime(signups.set_index("customer_id")["created_at"], utc=True)
    start = pd.concat([created.reindex(ids), first], axis=1).min(axis=1)
    return (cut - start).dt.total_seconds() / 86400


def _recent_orders(engine: Engine, lines: Subquery, cut: datetime) -> pd.DataFrame:
    """Orders and spend in the last 30, 90 and 180 days before the cut (activity trend)."""
    sub = lines
    columns = []
    for days in (30, 90, 180):
        recent = sub.c.placed_at >= cut - timedelta(days=days)
        columns.append(
            func.count(func.distinct(case((recent, sub.c.order_id)))).label(f"orders_last_{days}d")
        )
    columns.append(
        func.sum(
            case(
                (sub.c.placed_at >= cut - timedelta(days=90), sub.c.quantity * sub.c.unit_price),
                else_=0,
            )
        ).label("monetary_last_90d")
    )
    return _frame(
        engine, select(sub.c.customer_id, *columns).group_by(sub.c.customer_id)
    ).set_index("customer_id")


def _day(engine: Engine, column: ColumnElement[datetime]) -> ColumnElement[Any]:
    """The calendar day (UTC) of a timestamp column."""
    if engine.dialect.name == "sqlite":
        return func.date(column)  # timestamps are stored in UTC
    return func.date(func.timezone("UTC", column))


def _days_before(
    engine: Engine, column: ColumnElement[datetime], cut: datetime
) -> ColumnElement[Any]:
    """Days (fractional) from a timestamp column to ``cut``; date arithmetic differs by dialect."""
    at_cut = literal(cut, DateTime(timezone=True))
    if engine.dialect.name == "sqlite":
        return func.julianday(at_cut) - func.julianday(column)
    return extract("epoch", at_cut - column) / 86400.0


def _visits(engine: Engine, lines: Subquery, cut: datetime) -> pd.DataFrame:
    """Purchase days ("visits"): all of them, the recent ones, and exponentially decayed sums.

    Several orders on one day are one visit. A visit of age ``a`` days weighs ``0.5 ** (a / h)``
    for the half-life ``h``; ``exp`` is a SQL function on PostgreSQL and on SQLite (built in since
    3.35, registered by :func:`icrm_models.db.engine.make_engine` where it is missing).
    """
    visits = (
        select(
            lines.c.customer_id,
            func.max(lines.c.placed_at).label("at"),
            func.sum(lines.c.quantity * lines.c.unit_price).label("money"),
        )
        .group_by(lines.c.customer_id, _day(engine, lines.c.placed_at))
        .subquery("visits")
    )
    age = _days_before(engine, visits.c.at, cut)  # from the visit's last order
    columns: list[ColumnElement[Any]] = [func.count().label("visit_days")]
    for days in VISIT_WINDOWS:
        recent = visits.c.at >= cut - timedelta(days=days)
        columns.append(func.sum(case((recent, 1), else_=0)).label(f"visits_last_{days}d"))
    for half_life in DECAY_HALF_LIVES:
        weight = func.exp(age * (-math.log(2) / half_life))
        columns.append(func.sum(weight, type_=Float).label(f"decay_visits_{half_life}d"))
        # Float, or the money column's Numeric(12, 2) would round the weighted sum to cents.
        columns.append(
            func.sum(weight * visits.c.money, type_=Float).label(f"decay_monetary_{half_life}d")
        )
    frame = _frame(
        engine, select(visits.c.customer_id, *columns).group_by(visits.c.customer_id)
    ).set_index("customer_id")
    return frame.astype(float)


def _returns(engine: Engine, cut: datetime) -> pd.DataFrame:
    """Credited lines (credit notes) plus returned items, per customer."""
    from icrm_models.db.schema import Return

    credits = _frame(
        engine,
        select(
            Order.customer_id,
            func.count().label("n"),
        )
        .join(OrderItem, OrderItem.order_id == Order.id)
        .where(Order.status == "credit_note", Order.placed_at < cut, Order.customer_id.is_not(None))
        .group_by(Order.customer_id),
    )
    returns = _frame(
        engine,
        select(Return.customer_id, func.count().label("n"))
        .where(Return.requested_at < cut)
        .group_by(Return.customer_id),
    )
    both = pd.concat([credits, returns]).groupby("customer_id")["n"].sum()
    return both.rename("returned_lines").to_frame()


def _behaviour(engine: Engine, cut: datetime) -> pd.DataFrame:
    week, month = cut - timedelta(days=7), cut - timedelta(days=30)
    is_view = BehaviourEvent.event_type == "page_view"
    is_search = BehaviourEvent.event_type == "search"
    is_chat_refund = (BehaviourEvent.event_type == "chat_intent") & (
        func.json_extract(BehaviourEvent.properties, "$.intent").in_(CHAT_REFUND_INTENTS)
        if engine.dialect.name == "sqlite"
        else BehaviourEvent.properties["intent"].as_string().in_(CHAT_REFUND_INTENTS)
    )
    return _frame(
        engine,
        select(
            BehaviourEvent.customer_id.label("customer_id"),
            func.sum(case((is_view & (BehaviourEvent.occurred_at >= week), 1), else_=0)).label(
                "views_last_7d"
            ),
            func.sum(case((is_view & (BehaviourEvent.occurred_at >= month), 1), else_=0)).label(
                "views_last_30d"
            ),
            func.sum(case((is_search & (BehaviourEvent.occurred_at >= month), 1), else_=0)).label(
                "searches_last_30d"
            ),
            func.sum(case((is_chat_refund, 1), else_=0)).label("refund_intents"),
        )
        .where(BehaviourEvent.occurred_at < cut, BehaviourEvent.customer_id.is_not(None))
        .group_by(BehaviourEvent.customer_id),
    ).set_index("customer_id")


def _tickets(engine: Engine, cut: datetime) -> pd.DataFrame:
    return _frame(
        engine,
        select(SupportTicket.customer_id, func.count().label("complaints"))
        .where(SupportTicket.created_at < cut, SupportTicket.customer_id.is_not(None))
        .group_by(SupportTicket.customer_id),
    ).set_index("customer_id")


def _offers(engine: Engine, cut: datetime) -> pd.DataFrame:
    frame = _frame(
        engine,
        select(
            Offer.customer_id,
            func.count().label("shown"),
            func.sum(case((Offer.status == "accepted", 1), else_=0)).label("accepted"),
        )
        .where(Offer.shown_at < cut, Offer.customer_id.is_not(None))
        .group_by(Offer.customer_id),
    )
    frame = frame.set_index("customer_id")
    rate = (frame["accepted"].astype(float) / frame["shown"].astype(float)).fillna(0)
    return rate.rename("offers_accepted_rate").to_frame()


def _category_affinities(engine: Engine, lines: Subquery) -> pd.DataFrame:
    """Share of each customer's items per category, one column ``cat::<category>`` each."""
    sub = lines
    counts = _frame(
        engine,
        select(
            sub.c.customer_id,
            sub.c.category,
            func.sum(sub.c.quantity).label("items"),
        ).group_by(sub.c.customer_id, sub.c.category),
    )
    if counts.empty:
        return pd.DataFrame()
    table = counts.pivot_table(
        index="customer_id", columns="category", values="items", aggfunc="sum", fill_value=0
    ).astype(float)
    table = table.div(table.sum(axis=1), axis=0)
    table.columns = [f"{CATEGORY_PREFIX}{c}" for c in table.columns]
    return table
