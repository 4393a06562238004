"""Erasing a customer from the agent console's tables (issue 18's live chat).

A live case quotes the person (its summary and first message are the customer's words), and its
notes are about them: the person's cases go with their notes, as their support tickets do. A
case of someone else that points at a ticket the erasure deletes only loses that link. The
access audit stays: it names ids and times only, and it is the shop's proof of who opened whose
data (GDPR art. 5(2)).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, and_, cast, delete, false, func, or_, select, update
from sqlalchemy.orm import Session

from icrm_models.db.schema import LiveCase, LiveNote, SupportTicket
from icrm_models.privacy.tracker_store import like_pattern

LIVE_TABLE_POLICY: dict[str, str] = {
    "agents": "no customer data (the shop's staff)",
    "agent_sessions": "no customer data",
    "login_attempts": "no customer data",
    "canned_replies": "no customer data",
    "live_cases": "deleted with their notes (summary and first message quote the person)",
    "live_notes": "deleted with their cases",
    "agent_audit": "kept: ids and times of who opened whose data, the proof art. 5(2) asks for",
}


def _theirs(entity: Any, customer_id: int, conversations: list[str]) -> ColumnElement[bool]:
    """Rows of the customer, and rows of nobody identified in the customer's conversations."""
    in_theirs = entity.conversation_id.in_(conversations) if conversations else false()
    return or_(entity.customer_id == customer_id, and_(entity.customer_id.is_(None), in_theirs))


def _mentions(column: Any, email: str) -> ColumnElement[bool]:
    return func.lower(cast(column, String)).like(like_pattern(email), escape="\\")


def _count(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def forget_live_cases(
    session: Session, customer_id: int, email: str, conversations: list[str]
) -> dict[str, int]:
    """Delete the person's live cases and notes; run before their support tickets go.

    Theirs: cases of the customer, guests' cases in their conversations, and guests' cases whose
    texts quote their e-mail. Adds to the session's transaction; rows deleted per table.
    """
    guest_or_theirs = or_(LiveCase.customer_id.is_(None), LiveCase.customer_id == customer_id)
    quoting = or_(_mentions(LiveCase.summary, email), _mentions(LiveCase.first_message, email))
    cases = select(LiveCase.id).where(
        or_(_theirs(LiveCase, customer_id, conversations), and_(guest_or_theirs, quoting))
    )
    notes = _count(session.execute(delete(LiveNote).where(LiveNote.case_id.in_(cases))))
    deleted = _count(session.execute(delete(LiveCase).where(LiveCase.id.in_(cases))))
    guest_ticket = or_(
        SupportTicket.customer_id.is_(None), SupportTicket.customer_id == customer_id
    )
    leaving_tickets = select(SupportTicket.id).where(
        or_(
            _theirs(SupportTicket, customer_id, conversations),
            and_(guest_ticket, _mentions(SupportTicket.summary, email)),
        )
    )
    session.execute(
        update(LiveCase).where(LiveCase.ticket_id.in_(leaving_tickets)).values(ticket_id=None)
    )
    return {"live_cases": deleted, "live_notes": notes}
