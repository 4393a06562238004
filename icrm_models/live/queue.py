"""The handoff queue: a live case from the bot's handoff to an agent, and back, to its close.

Life of a case (``CaseStatus``)::

    enqueue ──▶ queued ──claim──▶ assigned ──hand_back──▶ with_bot ──close_case──▶ closed
                  ▲  ◀──transfer to a team──┘   │                      │
                  └────────enqueue again────────┴──────────────────────┘ (with_bot only)

A conversation has at most one case that is not closed (a partial unique index): asking for a
human again finds it. ``claim`` is one conditional UPDATE, so of two agents clicking "take" at
the same moment exactly one gets the case, on SQLite and on PostgreSQL alike.

Nothing here commits; the caller commits its whole change. The list views, notes and the
supervisor's view live in ``case_lists`` and ``notes`` and are re-exported here.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import Executable, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from icrm_models.db.statuses import (
    AgentRole,
    CasePriority,
    CaseReason,
    CaseResolution,
    CaseStatus,
    NoteKind,
    TicketStatus,
)
from icrm_models.db.tables.live import Agent, LiveCase
from icrm_models.db.tables.support import SupportTicket
from icrm_models.live.case_lists import AgentLoad, CaseRow, agent_loads, list_cases
from icrm_models.live.notes import NoteRow, add_note, case_notes

__all__ = [
    "AgentLoad",
    "CaseRow",
    "NoteRow",
    "add_note",
    "agent_loads",
    "case_notes",
    "claim",
    "close_case",
    "enqueue",
    "get_case",
    "hand_back",
    "list_cases",
    "may_open",
    "open_case_of",
    "rate_conversation",
    "record_agent_reply",
    "transfer",
]

_PRIORITIES = list(CasePriority)  # lowest first
E = TypeVar("E", CaseReason, CasePriority, CaseResolution)


def _vocabulary(enum: type[E], value: str) -> E:
    """``enum(value)``, or a ``ValueError`` that names the value and the allowed ones."""
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ValueError(f"unknown {enum.__name__} {value!r} (one of {allowed})") from None


def get_case(session: Session, case_id: int) -> LiveCase | None:
    """The case ``case_id``, or None."""
    return session.get(LiveCase, case_id)


def open_case_of(session: Session, conversation_id: str) -> LiveCase | None:
    """The one not-closed case of ``conversation_id``, or None."""
    return session.scalar(
        select(LiveCase).where(
            LiveCase.conversation_id == conversation_id, LiveCase.status != CaseStatus.CLOSED
        )
    )


def may_open(agent: Agent, live_case: LiveCase) -> bool:
    """Whether ``agent`` may see ``live_case``: a supervisor any, an agent those of their own
    team and those assigned to them. An inactive agent none."""
    if not agent.active:
        return False
    if agent.role == AgentRole.SUPERVISOR:
        return True
    return live_case.team == agent.team or live_case.assignee_id == agent.id


def enqueue(
    session: Session,
    *,
    conversation_id: str,
    reason: str,
    priority: str,
    summary: str,
    first_message: str,
    customer_id: int | None,
    ticket_id: int | None,
    team: str = "support",
    now: datetime,
) -> LiveCase:
    """Queue ``conversation_id`` for a human; idempotent per conversation.

    An open case of the conversation is returned instead of a second one: its priority is raised
    (never lowered), a missing customer, ticket, summary or first message filled in, and a case
    that was handed back to the bot (``with_bot``) goes back to the queue, unassigned. Two
    handoffs racing for the same conversation meet at the unique index and get the same case.

    ``customer_id`` must be a customer the chat verified; a guest's is None. ``ValueError`` for an
    unknown reason or priority, or a conversation id that is empty or over 128 characters.
    """
    if not conversation_id or len(conversation_id) > 128:
        raise ValueError(f"not a conversation id: {conversation_id[:140]!r}")
    case_reason = _vocabulary(CaseReason, reason)
    case_priority = _vocabulary(CasePriority, priority)
    existing = open_case_of(session, conversation_id)
    if existing is None:
        inserted = _insert_if_no_open_case(
            session,
            conversation_id=conversation_id,
            status=CaseStatus.QUEUED,
            reason=case_reason,
            priority=case_priority,
            summary=summary,
            first_message=first_message,
            team=team[:40] or "support",
            customer_id=customer_id,
            ticket_id=ticket_id,
            queued_at=now,
            updated_at=now,
        )
        existing = open_case_of(session, conversation_id)
        if existing is None:  # pragma: no cover - the insert or the other one is there
            raise RuntimeError(f"no open case of {conversation_id} after inserting one")
        if inserted:
            return existing
        # another handoff of this conversation inserted its case first: fold this one in
    _requeue(existing, case_priority, summary, first_message, customer_id, ticket_id, now)
    session.flush()
    return existing


def _insert_if_no_open_case(session: Session, **values: object) -> bool:
    """INSERT the case unless the conversation has an open one; True if this row went in.

    ``ON CONFLICT DO NOTHING`` on the partial unique index (SQLite and PostgreSQL both infer
    it from the column and its WHERE): two handoffs racing for one conversation cannot both
    insert, and neither fails, without a SAVEPOINT (which pysqlite would turn into a commit).
    """
    dialect = session.get_bind().dialect.name
    index = [LiveCase.conversation_id]
    where = LiveCase.status != CaseStatus.CLOSED.value
    statement: Executable
    if dialect == "sqlite":
        statement = (
            sqlite_insert(LiveCase)
            .values(**values)
            .on_conflict_do_nothing(index_elements=index, index_where=where)
        )
    elif dialect == "postgresql":
        statement = (
            postgresql_insert(LiveCase)
            .values(**values)
            .on_conflict_do_nothing(index_elements=index, index_where=where)
        )
    else:  # another database: a plain INSERT, the unique index still guards it
        statement = insert(LiveCase).values(**values)
    # Core, not the ORM's bulk INSERT (whose rowcount is -1 on PostgreSQL): 0 on a conflict
    return session.connection().execute(statement).rowcount == 1


def _requeue(
    live_case: LiveCase,
    priority: CasePriority,
    summary: str,
    first_message: str,
    customer_id: int | None,
    ticket_id: int | None,
    now: datetime,
) -> None:
    """Fold a repeated handoff request into the open case ``live_case``."""
    if _PRIORITIES.index(priority) > _PRIORITIES.index(live_case.priority):
        live_case.priority = priority
    if live_case.customer_id is None and customer_id is not None:
        live_case.customer_id = customer_id
    if live_case.ticket_id is None and ticket_id is not None:
        live_case.ticket_id = ticket_id
    if not live_case.summary and summary:
        live_case.summary = summary
    if not live_case.first_message and first_message:
        live_case.first_message = first_message
    if live_case.status == CaseStatus.WITH_BOT:
        live_case.status = CaseStatus.QUEUED
        live_case.assignee_id = None
        live_case.assigned_at = None
        live_case.queued_at = now
        live_case.first_agent_reply_at = None
    live_case.updated_at = now


def _agent_name(session: Session, agent_id: int | None) -> str:
    agent = session.get(Agent, agent_id) if agent_id is not None else None
    return agent.display_name if agent is not None else "an agent"


def claim(session: Session, case_id: int, agent_id: int, *, now: datetime) -> bool:
    """Give the queued, unassigned case ``case_id`` to ``agent_id``; True iff this call won.

    One atomic ``UPDATE ... WHERE id = :id AND assignee_id IS NULL AND status = 'queued'``: of
    two agents claiming at once, the database lets exactly one update the row; the other's
    UPDATE matches no row and gets False. Visibility (``may_open``) is the caller's to check.

    On SQLite the second UPDATE waits (busy timeout) for the first writer's commit, then finds
    the row taken (pysqlite begins a transaction at its first write, so earlier reads of the
    request hold no stale snapshot). On success a system note "claimed by <name>" is added.
    """
    session.flush()  # the UPDATE below goes past the ORM: pending changes first
    result = session.connection().execute(
        update(LiveCase)
        .where(
            LiveCase.id == case_id,
            LiveCase.assignee_id.is_(None),
            LiveCase.status == CaseStatus.QUEUED,
        )
        .values(status=CaseStatus.ASSIGNED, assignee_id=agent_id, assigned_at=now, updated_at=now)
    )
    if result.rowcount != 1:
        return False
    loaded = session.identity_map.get(session.identity_key(LiveCase, case_id))
    if loaded is not None:
        session.expire(loaded)  # the UPDATE bypassed the ORM: reload what it changed
    add_note(
        session,
        case_id,
        agent_id,
        f"claimed by {_agent_name(session, agent_id)}",
        kind=NoteKind.SYSTEM,
        now=now,
    )
    return True


def _open_case(session: Session, case_id: int) -> LiveCase:
    live_case = session.get(LiveCase, case_id)
    if live_case is None:
        raise ValueError(f"no case {case_id}")
    if live_case.status == CaseStatus.CLOSED:
        raise ValueError(f"case {case_id} is closed")
    return live_case


def transfer(
    session: Session,
    case_id: int,
    *,
    by_agent_id: int,
    to_agent_id: int | None = None,
    to_team: str | None = None,
    now: datetime,
) -> LiveCase:
    """Pass an open case on: to an agent (assigned to them at once) or to a team (back to the
    queue, unassigned, of that team). Exactly one of ``to_agent_id``/``to_team``; ``ValueError``
    for a closed or unknown case, an unknown or disabled agent, or no/both targets."""
    if (to_agent_id is None) == (to_team is None):
        raise ValueError("transfer to an agent or to a team (exactly one)")
    live_case = _open_case(session, case_id)
    if to_agent_id is not None:
        target = session.get(Agent, to_agent_id)
        if target is None or not target.active:
            raise ValueError(f"no active agent {to_agent_id}")
        live_case.status = CaseStatus.ASSIGNED
        live_case.assignee_id = target.id
        live_case.assigned_at = now
        line = f"transferred to {target.display_name}"
    else:
        team = (to_team or "").strip()[:40]
        if not team:
            raise ValueError("the team is empty")
        live_case.status = CaseStatus.QUEUED
        live_case.assignee_id = None
        live_case.assigned_at = None
        live_case.team = team
        line = f"transferred to team {team}"
    live_case.updated_at = now
    session.flush()
    add_note(
        session,
        case_id,
        by_agent_id,
        f"{line} by {_agent_name(session, by_agent_id)}",
        kind=NoteKind.SYSTEM,
        now=now,
    )
    return live_case


def record_agent_reply(session: Session, case_id: int, *, now: datetime) -> None:
    """Note that an agent wrote to the customer; only the first reply's time is kept."""
    live_case = session.get(LiveCase, case_id)
    if live_case is None:
        return
    if live_case.first_agent_reply_at is None:
        live_case.first_agent_reply_at = now
    live_case.updated_at = now
    session.flush()


def hand_back(session: Session, case_id: int, agent_id: int, *, now: datetime) -> LiveCase:
    """The bot takes the conversation again (``with_bot``); the case stays the agent's until
    closed. ``ValueError`` for a closed or unknown case."""
    live_case = _open_case(session, case_id)
    live_case.status = CaseStatus.WITH_BOT
    live_case.handed_back_at = now
    live_case.updated_at = now
    session.flush()
    add_note(session, case_id, agent_id, "handed back to the assistant", kind="system", now=now)
    return live_case


def close_case(
    session: Session,
    case_id: int,
    agent_id: int,
    *,
    resolution: str,
    category: str | None,
    now: datetime,
) -> LiveCase:
    """Close the case with ``resolution`` (``solved``/``not_solved``) and an optional category.

    ``ValueError`` for an unknown resolution, or an unknown or already closed case.
    """
    outcome = _vocabulary(CaseResolution, resolution)
    live_case = _open_case(session, case_id)
    live_case.status = CaseStatus.CLOSED
    live_case.closed_at = now
    live_case.resolution = outcome
    live_case.resolution_category = (category or "").strip()[:40] or None
    live_case.updated_at = now
    _settle_ticket(session, live_case, solved=outcome == CaseResolution.SOLVED)
    session.flush()
    words = "solved" if outcome == CaseResolution.SOLVED else "not solved"
    add_note(
        session,
        case_id,
        agent_id,
        f"closed ({words}) by {_agent_name(session, agent_id)}",
        kind="system",
        now=now,
    )
    return live_case


def _settle_ticket(session: Session, live_case: LiveCase, *, solved: bool) -> None:
    """The case's ticket follows the close: resolved when solved, pending (a colleague still has
    to act) when not, so the ticket list never shows a finished chat as open."""
    if live_case.ticket_id is None:
        return
    ticket = session.get(SupportTicket, live_case.ticket_id)
    if ticket is not None and ticket.status != TicketStatus.RESOLVED:
        ticket.status = TicketStatus.RESOLVED if solved else TicketStatus.PENDING
        ticket.resolved_at = live_case.closed_at if solved else None


def rate_conversation(session: Session, conversation_id: str, score: int, *, now: datetime) -> bool:
    """Store the customer's rating (1–5) on the latest closed, not yet rated case of the
    conversation; False if there is none (nothing to rate, or rated already).

    ``ValueError`` unless ``score`` is an integer from 1 to 5.
    """
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValueError(f"a rating is 1 to 5, not {score!r}")
    live_case = session.scalar(
        select(LiveCase)
        .where(
            LiveCase.conversation_id == conversation_id,
            LiveCase.status == CaseStatus.CLOSED,
            LiveCase.csat_score.is_(None),
        )
        .order_by(LiveCase.closed_at.desc(), LiveCase.id.desc())
        .limit(1)
    )
    if live_case is None:
        return False
    live_case.csat_score = score
    live_case.csat_at = now
    live_case.updated_at = now
    session.flush()
    return True
