"""A request for a human colleague: one ticket per conversation case, and a behaviour event.

When the conversation already has an open ticket of the same customer (the complaint that was
just opened, or an earlier handoff), that ticket is updated — the colleague gets one case with
all of its context and the customer keeps one ticket number; its priority is raised, never
lowered. Otherwise a ``handoff`` ticket is opened. Priority ``high`` when the customer's
messages show escalation signals (see ``escalation``), ``normal`` otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.event_types import BehaviourEventType
from icrm_models.db.schema import BehaviourEvent, SupportTicket
from icrm_models.db.statuses import TicketStatus
from icrm_models.support.escalation import assess_escalation, higher_priority
from icrm_models.support.summary import SUMMARY_LIMIT, ticket_summary
from icrm_models.support.text import clean_text
from icrm_models.support.tickets import HANDOFF_CATEGORY, OPEN_STATUSES, open_tickets_elsewhere


@dataclass(frozen=True)
class Handoff:
    """The ticket a colleague takes over."""

    ticket_id: int
    priority: str
    reasons: tuple[str, ...]
    new_ticket: bool  # False: an open ticket of this conversation was updated


def _open_ticket_of_conversation(
    session: Session, *, conversation_id: str, customer_id: int | None
) -> SupportTicket | None:
    owner = (
        SupportTicket.customer_id.is_(None)
        if customer_id is None
        else SupportTicket.customer_id == customer_id
    )
    return session.execute(
        select(SupportTicket)
        .where(
            SupportTicket.conversation_id == conversation_id,
            SupportTicket.status.in_(OPEN_STATUSES),
            owner,
        )
        .order_by(SupportTicket.created_at.desc(), SupportTicket.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def request_handoff(
    session: Session,
    *,
    conversation_id: str,
    customer_id: int | None,
    recent_messages: Sequence[str],
    trigger: str,
    now: datetime,
) -> Handoff:
    """Open or update the conversation's ticket for a colleague; log "handoff_requested".

    ``trigger`` says how it came about ("asked", "accepted offer"); it is logged with the event.
    """
    escalation = assess_escalation(
        recent_messages,
        open_tickets=open_tickets_elsewhere(
            session, customer_id=customer_id, conversation_id=conversation_id
        ),
        cap="high",
    )
    ticket = _open_ticket_of_conversation(
        session, conversation_id=conversation_id, customer_id=customer_id
    )
    note = ticket_summary(
        f"Handoff to a colleague requested ({trigger}), {now:%Y-%m-%d %H:%M} UTC",
        reasons=escalation.reasons,
        recent_messages=recent_messages,
    )
    new_ticket = ticket is None
    if ticket is None:
        ticket = SupportTicket(
            customer_id=customer_id,
            category=HANDOFF_CATEGORY,
            priority=escalation.priority,
            status=TicketStatus.OPEN,
            summary=note,
            conversation_id=conversation_id,
            created_at=now,
        )
        session.add(ticket)
    else:
        ticket.priority = higher_priority(ticket.priority, escalation.priority)
        ticket.status = TicketStatus.OPEN
        # The new note is kept whole; the earlier text is shortened when both don't fit.
        room = max(SUMMARY_LIMIT - len(note) - 2, 0)
        earlier = ticket.summary[:room]
        ticket.summary = clean_text(f"{earlier}\n\n{note}", limit=SUMMARY_LIMIT)
    session.flush()
    session.add(
        BehaviourEvent(
            customer_id=customer_id,
            conversation_id=conversation_id,
            event_type=BehaviourEventType.HANDOFF_REQUESTED,
            occurred_at=now,
            properties={
                "ticket_id": ticket.id,
                "priority": ticket.priority,
                "reasons": list(escalation.reasons),
                "trigger": trigger,
                "new_ticket": new_ticket,
            },
        )
    )
    session.commit()
    return Handoff(
        ticket_id=ticket.id,
        priority=ticket.priority,
        reasons=escalation.reasons,
        new_ticket=new_ticket,
    )
