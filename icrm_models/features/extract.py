"""Per-customer features as of a cut date.

The purchase lines (cleaned and de-duplicated in SQL) are read once, as numpy columns of about
60 bytes a line, and aggregated with numpy; a training run computes features at six cut dates
from one read (:class:`LineCache`), where six SQL passes of GROUP BYs over the joined lines took
minutes each at ten million lines. Behaviour, returns, tickets and offers stay one SQL GROUP BY
each (portable between SQLite and PostgreSQL). Nothing after the cut date is used: features
never see the future.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Engine,
    Executable,
    Float,
    Subquery,
    case,
    cast,
    extract,
    func,
    null,
    select,
)
from sqlalchemy.sql.elements import Label

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
    not_a_sale,
    purchase_filter,
)
from icrm_models.features.definitions import (
    CATEGORY_PREFIX,
    DECAY_HALF_LIVES,
    VISIT_WINDOWS,
    base_feature_names,
)
from icrm_models.orders.changes import TICKET_CATEGORY as ORDER_CHANGE_CATEGORY
from icrm_models.support.tickets import HANDOFF_CATEGORY

CHAT_REFUND_INTENTS = ("cancel_order", "get_refund", "track_refund", "check_refund_policy")
# Behaviour events the chat writes (actions through icrm_models), by what they tell the models.
SEARCH_EVENTS = ("search", "product_search")  # site search, and searches asked in the chat
CANCEL_OR_RETURN_EVENTS = ("order_cancelled", "return_requested")
PRODUCT_QUESTION_EVENT = "product_question"
# Tickets that are requests, not complaints: a human asked for, an order changed.
NOT_COMPLAINTS = (HANDOFF_CATEGORY, ORDER_CHANGE_CATEGORY)


@dataclass
class FeatureSet:
    """Features per customer (index: customer id) and the cleaning report behind them."""

    frame: pd.DataFrame
    cut: datetime
    report: CleaningReport


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
class _Lines:
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


def _read_lines(engine: Engine, rules: CleaningRules, before: datetime) -> _Lines:
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
    return _Lines(
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
        self._lines: _Lines | None = None

    def lines(self, cut: datetime) -> _Lines:
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


def _frame(engine: Engine, query: Executable) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(query)
        # Plain tuples: pandas probes SQLAlchemy rows as mappings first, 12x slower.
        return pd.DataFrame([tuple(r) for r in result], columns=list(result.keys()))


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
    frame["tenure_days"] = _tenure(engine, frame.index, first, cut_ts)
    for days in (30, 90, 180):
        recent = order_at >= cut_s - days * 86400
        frame[f"orders_last_{days}d"] = np.bincount(order_row[recent], minlength=n).astype(float)
    recent_spend = np.where(placed >= cut_s - 90 * 86400, spent, 0.0)
    frame["monetary_last_90d"] = np.round(np.bincount(row, weights=recent_spend, minlength=n), 2)
    frame = frame.join(_visits(row, placed, spent, n, cut_s, frame.index))
    frame = frame.join(_returns(engine, cut)).join(_behaviour(engine, cut))
    frame = frame.join(_tickets(engine, cut)).join(_offers(engine, cut))
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
    kind = BehaviourEvent.event_type
    is_view = kind == "page_view"
    is_search = kind.in_(SEARCH_EVENTS)
    is_question = kind == PRODUCT_QUESTION_EVENT
    said_intent = (
        func.json_extract(BehaviourEvent.properties, "$.intent")
        if engine.dialect.name == "sqlite"
        else BehaviourEvent.properties["intent"].as_string()
    )
    is_cancel_or_refund = kind.in_(CANCEL_OR_RETURN_EVENTS) | (
        (kind == "chat_intent") & said_intent.in_(CHAT_REFUND_INTENTS)
    )
    recent = BehaviourEvent.occurred_at >= month

    def count(condition: ColumnElement[bool], name: str) -> Label[int]:
        return func.sum(case((condition, 1), else_=0)).label(name)

    return _frame(
        engine,
        select(
            BehaviourEvent.customer_id.label("customer_id"),
            count(is_view & (BehaviourEvent.occurred_at >= week), "views_last_7d"),
            count(is_view & recent, "views_last_30d"),
            count(is_search & recent, "searches_last_30d"),
            count(is_question & recent, "product_questions_last_30d"),
            count(is_cancel_or_refund, "refund_intents"),
        )
        .where(BehaviourEvent.occurred_at < cut, BehaviourEvent.customer_id.is_not(None))
        .group_by(BehaviourEvent.customer_id),
    ).set_index("customer_id")


def _tickets(engine: Engine, cut: datetime) -> pd.DataFrame:
    return _frame(
        engine,
        select(SupportTicket.customer_id, func.count().label("complaints"))
        .where(
            SupportTicket.created_at < cut,
            SupportTicket.customer_id.is_not(None),
            SupportTicket.category.not_in(NOT_COMPLAINTS),
        )
        .group_by(SupportTicket.customer_id),
    ).set_index("customer_id")


def _offers(engine: Engine, cut: datetime) -> pd.DataFrame:
    accepted_by_cut = (Offer.status == "accepted") & (
        Offer.responded_at.is_(None) | (Offer.responded_at < cut)
    )
    frame = _frame(
        engine,
        select(
            Offer.customer_id,
            func.count().label("shown"),
            # Accepted before the cut: an answer given later is the future at this cut.
            func.sum(case((accepted_by_cut, 1), else_=0)).label("accepted"),
        )
        .where(Offer.shown_at < cut, Offer.customer_id.is_not(None))
        .group_by(Offer.customer_id),
    )
    frame = frame.set_index("customer_id")
    rate = (frame["accepted"].astype(float) / frame["shown"].astype(float)).fillna(0)
    return rate.rename("offers_accepted_rate").to_frame()


def _category_affinities(
    row: np.ndarray, category: np.ndarray, quantity: np.ndarray, source: _Lines, index: pd.Index
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
