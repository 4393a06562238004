"""Behavioural data: offers and their outcome, and every event the models learn from."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from icrm_models.db.base import Base
from icrm_models.db.event_types import BehaviourEventType
from icrm_models.db.statuses import OfferStatus, OutboxStatus
from icrm_models.db.vocabulary import Vocabulary, one_of


class Offer(Base):
    """A product offered to a customer, with the model version that chose it and the reaction."""

    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(String(128), index=True)
    model_version: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(255))
    discount_pct: Mapped[Decimal | None]
    status: Mapped[OfferStatus] = mapped_column(Vocabulary(OfferStatus))
    shown_at: Mapped[datetime]
    responded_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_offers_customer_shown", "customer_id", "shown_at"),
        one_of(OfferStatus),
    )


class BehaviourEvent(Base):
    """Something a customer did: a page view, a search, a chat intent, a reaction to an offer."""

    __tablename__ = "behaviour_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    conversation_id: Mapped[str | None] = mapped_column(String(128), index=True)
    event_type: Mapped[BehaviourEventType] = mapped_column(Vocabulary(BehaviourEventType, 40))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    occurred_at: Mapped[datetime]
    properties: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (
        Index("ix_behaviour_events_customer_time", "customer_id", "occurred_at"),
        Index("ix_behaviour_events_type_time", "event_type", "occurred_at"),
        one_of(BehaviourEventType, "event_type"),
    )


class OutboxMessage(Base):
    """A message the system would send (e-mail, SMS), queued here for a separate sender."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))  # email|sms
    recipient: Mapped[str] = mapped_column(String(254))
    template: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(String(4000))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[OutboxStatus] = mapped_column(
        Vocabulary(OutboxStatus), default=OutboxStatus.QUEUED
    )
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_outbox_status_created", "status", "created_at"),
        one_of(OutboxStatus),
    )


class SyntheticTruth(Base):
    """The hidden preferences the demo-data generator gave a synthetic customer.

    Models never read this table; evaluations compare what the models learnt against it.
    """

    __tablename__ = "synthetic_truth"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    favourite_categories: Mapped[list[Any]]
    price_sensitivity: Mapped[float]
    orders_per_year: Mapped[float]
    churn_tendency: Mapped[float]
    churned_at: Mapped[datetime | None]
    persona: Mapped[str] = mapped_column(String(40))
    # The first order the customer would place after the seed's as_of date (not stored as an
    # order): the truth a purchase-propensity model is checked against.
    next_order_at: Mapped[datetime | None]
