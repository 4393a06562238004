"""Customers and their consents."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from icrm_models.db.base import Base


class Customer(Base):
    """A shop customer. Consent flags gate marketing; ``deleted_at`` marks an erased account."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    account_type: Mapped[str] = mapped_column(String(20), default="personal")  # personal|business
    country: Mapped[str | None] = mapped_column(String(80))
    city: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(400))
    created_at: Mapped[datetime]
    marketing_consent: Mapped[bool] = mapped_column(default=False)
    newsletter_consent: Mapped[bool] = mapped_column(default=False)
    external_ref: Mapped[str | None] = mapped_column(
        String(64), index=True
    )  # id in a source system
    source: Mapped[str] = mapped_column(String(30), default="shop")  # shop|synthetic|online_retail
    deleted_at: Mapped[datetime | None]


class ConsentChange(Base):
    """Every grant or withdrawal of a consent, kept as evidence (GDPR art. 7(1))."""

    __tablename__ = "consent_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    consent: Mapped[str] = mapped_column(String(30))  # marketing|newsletter
    granted: Mapped[bool]
    source: Mapped[str] = mapped_column(String(30))  # signup|chat|web|import
    conversation_id: Mapped[str | None] = mapped_column(String(128))
    changed_at: Mapped[datetime]

    __table_args__ = (Index("ix_consent_changes_customer", "customer_id", "changed_at"),)
