"""What the console lists: the cases an agent may see, and the supervisor's view of the agents.

An agent sees the cases of their team and those assigned to them; a supervisor sees every team.
Lists are ordered by priority (urgent first), then by how long the customer has waited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from icrm_models.db.statuses import AgentPresence, AgentRole, CasePriority, CaseReason, CaseStatus
from icrm_models.db.tables.live import Agent, LiveCase
from icrm_models.live.agents import ONLINE_WITHIN

View = Literal["mine", "unassigned", "all"]

# urgent first: the rank of a priority, lowest member last
_PRIORITY_RANK = case(
    {p.value: rank for rank, p in enumerate(reversed(list(CasePriority)))},
    value=LiveCase.priority,
    else_=len(CasePriority),
)


@dataclass(frozen=True)
class CaseRow:
    """One line of the console's case list."""

    case_id: int
    conversation_id: str
    status: CaseStatus
    reason: CaseReason
    priority: CasePriority
    summary: str
    first_message: str
    team: str
    customer_id: int | None  # None: a guest, not verified
    assignee_id: int | None
    assignee_name: str | None
    queued_at: datetime
    assigned_at: datetime | None
    wait_seconds: int  # since queued, until now (or until an agent first replied)


@dataclass(frozen=True)
class AgentLoad:
    """One agent's line in the supervisor's view: how many open cases they hold, presence."""

    agent_id: int
    display_name: str
    email: str
    team: str
    role: AgentRole
    presence: AgentPresence
    online: bool  # presence online and seen within ONLINE_WITHIN
    last_seen_at: datetime | None
    open_cases: int


def visible_to(agent: Agent) -> ColumnElement[bool]:
    """The SQL condition of the cases ``agent`` may see (``may_open`` in SQL)."""
    if agent.role == AgentRole.SUPERVISOR:
        return LiveCase.id.is_not(None)
    return or_(LiveCase.team == agent.team, LiveCase.assignee_id == agent.id)


def list_cases(session: Session, *, agent: Agent, view: View, now: datetime) -> list[CaseRow]:
    """The not-closed cases of ``view`` that ``agent`` may see, urgent and longest waiting first.

    ``mine``: assigned to the agent (also those handed back to the bot, until closed);
    ``unassigned``: waiting in the queue; ``all``: every open case.
    """
    assignee = aliased(Agent)
    query = (
        select(LiveCase, assignee.display_name)
        .outerjoin(assignee, assignee.id == LiveCase.assignee_id)
        .where(LiveCase.status != CaseStatus.CLOSED, visible_to(agent))
        .order_by(_PRIORITY_RANK, LiveCase.queued_at, LiveCase.id)
    )
    if view == "mine":
        query = query.where(LiveCase.assignee_id == agent.id)
    elif view == "unassigned":
        query = query.where(LiveCase.status == CaseStatus.QUEUED)
    elif view != "all":
        raise ValueError(f"unknown view {view!r} (mine, unassigned or all)")
    return [_row(live_case, name, now) for live_case, name in session.execute(query)]


def _row(live_case: LiveCase, assignee_name: str | None, now: datetime) -> CaseRow:
    waited_until = live_case.first_agent_reply_at or now
    return CaseRow(
        case_id=live_case.id,
        conversation_id=live_case.conversation_id,
        status=live_case.status,
        reason=live_case.reason,
        priority=live_case.priority,
        summary=live_case.summary,
        first_message=live_case.first_message,
        team=live_case.team,
        customer_id=live_case.customer_id,
        assignee_id=live_case.assignee_id,
        assignee_name=assignee_name,
        queued_at=live_case.queued_at,
        assigned_at=live_case.assigned_at,
        wait_seconds=max(0, int((waited_until - live_case.queued_at).total_seconds())),
    )


def agent_loads(session: Session, *, now: datetime | None = None) -> list[AgentLoad]:
    """Every active agent with the number of not-closed cases assigned to them, by team then
    name (the supervisor's view). ``online`` needs ``now``; without it, it is presence alone."""
    counts = dict(
        session.execute(
            select(LiveCase.assignee_id, func.count())
            .where(LiveCase.status != CaseStatus.CLOSED, LiveCase.assignee_id.is_not(None))
            .group_by(LiveCase.assignee_id)
        ).all()
    )
    agents = session.scalars(
        select(Agent).where(Agent.active.is_(True)).order_by(Agent.team, Agent.display_name)
    )
    loads = []
    for agent in agents:
        seen = agent.last_seen_at
        online = agent.presence == AgentPresence.ONLINE and (
            now is None or (seen is not None and seen >= now - ONLINE_WITHIN)
        )
        loads.append(
            AgentLoad(
                agent_id=agent.id,
                display_name=agent.display_name,
                email=agent.email,
                team=agent.team,
                role=agent.role,
                presence=agent.presence,
                online=online,
                last_seen_at=seen,
                open_cases=int(counts.get(agent.id, 0)),
            )
        )
    return loads
