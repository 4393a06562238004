"""Opening a complaint: a support ticket with a priority from the escalation signals, and a
behaviour event, in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from icrm_models.db.event_types import BehaviourEventType
from icrm_models.db.schema import BehaviourEvent, SupportTicket
from icrm_models.db.statuses import TicketStatus
from icrm_models.support.categories import CATEGORY_LABELS, COMPLAINT_CATEGORIES
from icrm_models.support.escalation import assess_escalation
from icrm_models.support.summary import ticket_summary
from icrm_models.support.tickets import (
    open_tickets_elsewhere,
    own_order,
    tickets_in_conversation,
)


@dataclass(frozen=True)
class ComplaintRequest:
    """What the conversation knows about a complaint."""

    conversation_id: str
    customer_id: int | None  # None: a guest (guests may complain too)
    category: str  # one of COMPLAINT_CATEGORIES
    customer_words: str  # the customer's description
    # The complaint's own messages, read for escalation signals.
    complaint_messages: Sequence[str] = field(default_factory=tuple)
    # The conversation's last user messages, for the colleague who picks the ticket up.
    recent_messages: Sequence[str] = field(default_factory=tuple)
    # Order numbers mentioned in the complaint; only the customer's own is linked.
    mentioned_orders: Sequence[int] = field(default_factory=tuple)


@dataclass(frozen=True)
class OpenedComplaint:
    """The ticket that was opened."""

    ticket_id: int
    category: str
    priority: str
    reasons: tuple[str, ...]
    order_id: int | None  # set only when it is the verified customer's order

    @property
    def escalated(self) -> bool:
        return self.priority in ("high", "urgent")


def open_complaint(
    session: Session, request: ComplaintRequest, *, now: datetime
) -> OpenedComplaint:
    """Open a ticket (status open) for ``request`` and log a "complaint" behaviour event."""
    if request.category not in COMPLAINT_CATEGORIES:
        raise ValueError(
            f"unknown complaint category {request.category!r}; "
            f"expected one of {', '.join(COMPLAINT_CATEGORIES)}"
        )
    escalation = assess_escalation(
        [*request.complaint_messages, request.customer_words],
        earlier_complaints=tickets_in_conversation(
            session, conversation_id=request.conversation_id
        ),
        open_tickets=open_tickets_elsewhere(
            session,
            customer_id=request.customer_id,
            conversation_id=request.conversation_id,
        ),
    )
    order_id = own_order(
        session, customer_id=request.customer_id, candidates=request.mentioned_orders
    )
    headline = f"Complaint: {CATEGORY_LABELS[request.category]}"
    if order_id is not None:
        headline += f" (order {order_id})"
    if request.customer_id is None:
        headline += " — guest, not verified"
    ticket = SupportTicket(
        customer_id=request.customer_id,
        order_id=order_id,
        category=request.category,
        priority=escalation.priority,
        status=TicketStatus.OPEN,
        summary=ticket_summary(
            headline,
            customer_words=request.customer_words,
            reasons=escalation.reasons,
            recent_messages=request.recent_messages,
        ),
        conversation_id=request.conversation_id,
        created_at=now,
    )
    session.add(ticket)
    session.flush()
    session.add(
        BehaviourEvent(
            customer_id=request.customer_id,
            conversation_id=request.conversation_id,
            event_type=BehaviourEventType.COMPLAINT,
            occurred_at=now,
            properties={
                "ticket_id": ticket.id,
                "category": request.category,
                "priority": escalation.priority,
                "reasons": list(escalation.reasons),
                "order_id": order_id,
            },
        )
    )
    session.commit()
    return OpenedComplaint(
        ticket_id=ticket.id,
        category=request.category,
        priority=escalation.priority,
        reasons=escalation.reasons,
        order_id=order_id,
    )
