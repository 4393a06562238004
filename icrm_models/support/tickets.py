"""Support tickets shared by complaints and handoffs: the open ones of a conversation or a
customer, and a customer's own orders (the only ones a ticket may be linked to)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Order, SupportTicket
from icrm_models.db.statuses import TicketStatus
from icrm_models.orders.owned import owned_by

OPEN_STATUSES = (TicketStatus.OPEN, TicketStatus.PENDING)
HANDOFF_CATEGORY = "handoff"


def tickets_in_conversation(session: Session, *, conversation_id: str) -> int:
    """How many tickets this conversation has opened already (any status), handoffs excluded."""
    return int(
        session.scalar(
            select(func.count(SupportTicket.id)).where(
                SupportTicket.conversation_id == conversation_id,
                SupportTicket.category != HANDOFF_CATEGORY,
            )
        )
        or 0
    )


def open_tickets_elsewhere(
    session: Session, *, customer_id: int | None, conversation_id: str
) -> int:
    """How many of the customer's tickets from other contacts are still open or pending."""
    if customer_id is None:
        return 0
    return int(
        session.scalar(
            select(func.count(SupportTicket.id)).where(
                SupportTicket.customer_id == customer_id,
                SupportTicket.status.in_(OPEN_STATUSES),
                (SupportTicket.conversation_id.is_(None))
                | (SupportTicket.conversation_id != conversation_id),
            )
        )
        or 0
    )


def own_order(
    session: Session, *, customer_id: int | None, candidates: Iterable[int]
) -> int | None:
    """The first of ``candidates`` that is an order of ``customer_id``; None for anyone else.

    Someone else's order and a non-existent one are treated alike, so nothing leaks.
    """
    if customer_id is None:
        return None
    for order_id in candidates:
        found = session.scalar(select(Order.id).where(Order.id == order_id, owned_by(customer_id)))
        if found is not None:
            return int(found)
    return None
