"""Per-customer counts from the tables beside the purchase lines, one SQL GROUP BY each.

Sign-ups, returns and credit notes, behaviour events (what the shop and the chat write back),
complaints and offers; portable between SQLite and PostgreSQL. Nothing after the cut date is
counted: features never see the future.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Executable, case, func, select
from sqlalchemy.sql.elements import Label

from icrm_models.db.event_types import BehaviourEventType
from icrm_models.db.schema import (
    BehaviourEvent,
    Customer,
    Offer,
    Order,
    OrderItem,
    Return,
    SupportTicket,
)
from icrm_models.db.statuses import OfferStatus, OrderStatus
from icrm_models.orders.changes import TICKET_CATEGORY as ORDER_CHANGE_CATEGORY
from icrm_models.support.tickets import HANDOFF_CATEGORY

CHAT_REFUND_INTENTS = ("cancel_order", "get_refund", "track_refund", "check_refund_policy")
# Behaviour events the shop and the chat write, by what they tell the models.
SEARCH_EVENTS = (BehaviourEventType.SEARCH, BehaviourEventType.PRODUCT_SEARCH)
CANCEL_OR_RETURN_EVENTS = (BehaviourEventType.ORDER_CANCELLED, BehaviourEventType.RETURN_REQUESTED)
# Tickets that are requests, not complaints: a human asked for, an order changed.
NOT_COMPLAINTS = (HANDOFF_CATEGORY, ORDER_CHANGE_CATEGORY)


def frame_of(engine: Engine, query: Executable) -> pd.DataFrame:
    """The rows of ``query`` as a data frame, one column per selected column."""
    with engine.connect() as conn:
        result = conn.execute(query)
        # Plain tuples: pandas probes SQLAlchemy rows as mappings first, 12x slower.
        return pd.DataFrame([tuple(r) for r in result], columns=list(result.keys()))


def tenure_days(engine: Engine, ids: pd.Index, first: pd.Series, cut: pd.Timestamp) -> pd.Series:
    """Days from sign-up, or from the first purchase ``first`` when earlier, to ``cut``."""
    signups = frame_of(
        engine,
        select(Customer.id.label("customer_id"), Customer.created_at).where(
            Customer.id.in_(select(Order.customer_id).distinct())
        ),
    )
    created = pd.to_datetime(signups.set_index("customer_id")["created_at"], utc=True)
    start = pd.concat([created.reindex(ids), first], axis=1).min(axis=1)
    return (cut - start).dt.total_seconds() / 86400


def returned_lines(engine: Engine, cut: datetime) -> pd.DataFrame:
    """Credited lines (credit notes) plus returned items, per customer."""
    credits = frame_of(
        engine,
        select(
            Order.customer_id,
            func.count().label("n"),
        )
        .join(OrderItem, OrderItem.order_id == Order.id)
        .where(
            Order.status == OrderStatus.CREDIT_NOTE,
            Order.placed_at < cut,
            Order.customer_id.is_not(None),
        )
        .group_by(Order.customer_id),
    )
    returns = frame_of(
        engine,
        select(Return.customer_id, func.count().label("n"))
        .where(Return.requested_at < cut)
        .group_by(Return.customer_id),
    )
    both = pd.concat([credits, returns]).groupby("customer_id")["n"].sum()
    return both.rename("returned_lines").to_frame()


def behaviour_counts(engine: Engine, cut: datetime) -> pd.DataFrame:
    """Recent page views, searches and product questions, and every cancellation or refund
    asked for, per customer."""
    week, month = cut - timedelta(days=7), cut - timedelta(days=30)
    kind = BehaviourEvent.event_type
    is_view = kind == BehaviourEventType.PAGE_VIEW
    is_search = kind.in_(SEARCH_EVENTS)
    is_question = kind == BehaviourEventType.PRODUCT_QUESTION
    said_intent = (
        func.json_extract(BehaviourEvent.properties, "$.intent")
        if engine.dialect.name == "sqlite"
        else BehaviourEvent.properties["intent"].as_string()
    )
    is_cancel_or_refund = kind.in_(CANCEL_OR_RETURN_EVENTS) | (
        (kind == BehaviourEventType.CHAT_INTENT) & said_intent.in_(CHAT_REFUND_INTENTS)
    )
    recent = BehaviourEvent.occurred_at >= month

    def count(condition: ColumnElement[bool], name: str) -> Label[int]:
        return func.sum(case((condition, 1), else_=0)).label(name)

    return frame_of(
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


def complaints(engine: Engine, cut: datetime) -> pd.DataFrame:
    """Support tickets that are complaints (not requests), per customer."""
    return frame_of(
        engine,
        select(SupportTicket.customer_id, func.count().label("complaints"))
        .where(
            SupportTicket.created_at < cut,
            SupportTicket.customer_id.is_not(None),
            SupportTicket.category.not_in(NOT_COMPLAINTS),
        )
        .group_by(SupportTicket.customer_id),
    ).set_index("customer_id")


def offers_accepted_rate(engine: Engine, cut: datetime) -> pd.DataFrame:
    """Share of the offers shown before ``cut`` that were accepted before it, per customer."""
    accepted_by_cut = (Offer.status == OfferStatus.ACCEPTED) & (
        Offer.responded_at.is_(None) | (Offer.responded_at < cut)
    )
    frame = frame_of(
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
