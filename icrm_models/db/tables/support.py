"""Support tickets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from icrm_models.db.base import Base
from icrm_models.db.statuses import TicketStatus
from icrm_models.db.vocabulary import Vocabulary, one_of


class SupportTicket(Base):
    """A case for a human colleague: a complaint, a payment problem, a handoff."""

    __tablename__ = "support_tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    category: Mapped[str] = mapped_column(String(40))
    priority: Mapped[str] = mapped_column(String(10))  # low|normal|high|urgent
    status: Mapped[TicketStatus] = mapped_column(Vocabulary(TicketStatus))
    summary: Mapped[str] = mapped_column(Text)
    conversation_id: Mapped[str | None] = mapped_column(String(128), index=True)
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_support_tickets_customer", "customer_id", "created_at"),
        one_of(TicketStatus),
    )
