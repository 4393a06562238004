"""Returns and refunds."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from icrm_models.db.base import Base
from icrm_models.db.statuses import RefundStatus, ReturnStatus
from icrm_models.db.vocabulary import Vocabulary, one_of


class Return(Base):
    """A customer's request to send items of an order back."""

    __tablename__ = "returns"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    order_item_id: Mapped[int | None] = mapped_column(ForeignKey("order_items.id"))
    quantity: Mapped[int] = mapped_column(default=1)
    reason: Mapped[str] = mapped_column(String(255))
    status: Mapped[ReturnStatus] = mapped_column(Vocabulary(ReturnStatus))
    requested_at: Mapped[datetime]
    received_at: Mapped[datetime | None]

    __table_args__ = (one_of(ReturnStatus),)


class Refund(Base):
    """Money paid back for a return or a cancelled order."""

    __tablename__ = "refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    return_id: Mapped[int | None] = mapped_column(ForeignKey("returns.id"), index=True)
    amount: Mapped[Decimal]
    status: Mapped[RefundStatus] = mapped_column(Vocabulary(RefundStatus))
    method: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime]
    paid_at: Mapped[datetime | None]

    __table_args__ = (one_of(RefundStatus),)
