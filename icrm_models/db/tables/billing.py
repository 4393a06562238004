"""Invoices and payments."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from icrm_models.db.base import Base
from icrm_models.db.statuses import InvoiceStatus, PaymentStatus
from icrm_models.db.vocabulary import Vocabulary, one_of


class Invoice(Base):
    """The invoice of an order; customers quote ``number`` (e.g. ``INV-010023``)."""

    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    issued_at: Mapped[datetime]
    amount: Mapped[Decimal]
    status: Mapped[InvoiceStatus] = mapped_column(Vocabulary(InvoiceStatus))

    __table_args__ = (one_of(InvoiceStatus),)


class Payment(Base):
    """A payment attempt for an order."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    method: Mapped[str] = mapped_column(String(30))  # card|paypal|bank_transfer|invoice
    status: Mapped[PaymentStatus] = mapped_column(Vocabulary(PaymentStatus))
    amount: Mapped[Decimal]
    created_at: Mapped[datetime]

    __table_args__ = (one_of(PaymentStatus),)
