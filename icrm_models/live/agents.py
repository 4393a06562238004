"""Console agents: adding, listing, disabling, logging in, presence.

Agents are made with the CLI (``icrm agents add``) or the demo seed; there is no sign-up. An
e-mail is kept lower-case, so ``Anna@Shop`` and ``anna@shop`` are one agent. A disabled agent
keeps its rows (cases and audit name it) but cannot log in, and its open sessions end.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from icrm_models.db.statuses import AgentPresence, AgentRole
from icrm_models.db.tables.live import Agent, AgentSession
from icrm_models.live.passwords import (
    MIN_PASSWORD_LENGTH,
    burn_time,
    hash_password,
    needs_rehash,
    verify_password,
)

# An agent counts as online only if its console checked in this recently (a closed laptop lid
# leaves presence 'online' in the table, but its heartbeat stops).
ONLINE_WITHIN = timedelta(minutes=2)


def normalise_email(email: str) -> str:
    """The stored form of an agent's e-mail: trimmed, lower-case."""
    return email.strip().lower()


def add_agent(
    session: Session,
    *,
    email: str,
    display_name: str,
    password: str,
    role: str,
    team: str = "support",
    now: datetime,
) -> Agent:
    """Add an active, offline agent; ``ValueError`` names what is wrong.

    Refused: an e-mail without ``@`` or already used, an empty name or team, a role other than
    ``agent``/``supervisor``, a password shorter than ``MIN_PASSWORD_LENGTH`` characters.
    """
    address = normalise_email(email)
    if "@" not in address or len(address) > 254:
        raise ValueError(f"not an e-mail address: {email!r}")
    if not display_name.strip():
        raise ValueError("the display name is empty")
    if not team.strip():
        raise ValueError("the team is empty")
    try:
        agent_role = AgentRole(role)
    except ValueError:
        roles = ", ".join(r.value for r in AgentRole)
        raise ValueError(f"unknown role {role!r} (one of {roles})") from None
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password is shorter than {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(select(Agent.id).where(Agent.email == address)) is not None:
        raise ValueError(f"an agent with e-mail {address} exists already")
    agent = Agent(
        email=address,
        display_name=display_name.strip()[:120],
        password_hash=hash_password(password),
        role=agent_role,
        team=team.strip()[:40],
        active=True,
        presence=AgentPresence.OFFLINE,
        created_at=now,
    )
    session.add(agent)
    session.flush()
    return agent


def list_agents(session: Session) -> list[Agent]:
    """Every agent, active or not, by team then name."""
    return list(session.scalars(select(Agent).order_by(Agent.team, Agent.display_name, Agent.id)))


def agent_by_email(session: Session, email: str) -> Agent | None:
    """The agent with ``email`` (any case), active or not."""
    return session.scalar(select(Agent).where(Agent.email == normalise_email(email)))


def disable_agent(session: Session, email: str) -> bool:
    """Disable the agent with ``email`` and end its sessions; False if there is no such agent."""
    agent = agent_by_email(session, email)
    if agent is None:
        return False
    agent.active = False
    agent.presence = AgentPresence.OFFLINE
    session.execute(delete(AgentSession).where(AgentSession.agent_id == agent.id))
    session.flush()
    return True


def authenticate(session: Session, email: str, password: str, *, now: datetime) -> Agent | None:
    """The active agent ``email`` if ``password`` is theirs, else None (which of the two is
    wrong is not told, and an unknown address costs the same time as a wrong password).

    A successful log-in refreshes an outdated hash and marks the agent seen.
    """
    agent = agent_by_email(session, email)
    if agent is None or not agent.active:
        burn_time(password)
        return None
    if not verify_password(agent.password_hash, password):
        return None
    if needs_rehash(agent.password_hash):
        agent.password_hash = hash_password(password)
    agent.last_seen_at = now
    session.flush()
    return agent


def set_presence(session: Session, agent_id: int, presence: str, *, now: datetime) -> None:
    """Set an agent's presence (``online``/``away``/``offline``); ``ValueError`` otherwise."""
    try:
        value = AgentPresence(presence)
    except ValueError:
        raise ValueError(f"unknown presence {presence!r}") from None
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise ValueError(f"no agent {agent_id}")
    agent.presence = value
    agent.last_seen_at = now
    session.flush()


def touch(session: Session, agent_id: int, now: datetime) -> None:
    """Note that the agent's console is alive now (its heartbeat or any request)."""
    agent = session.get(Agent, agent_id)
    if agent is not None:
        agent.last_seen_at = now
        session.flush()


def online_clause(now: datetime) -> ColumnElement[bool]:
    """The SQL condition of "this agent takes chats now" (also used by the supervisor view)."""
    return (
        Agent.active.is_(True)
        & (Agent.presence == AgentPresence.ONLINE)
        & (Agent.last_seen_at >= now - ONLINE_WITHIN)
    )


def agents_online(session: Session, *, now: datetime, team: str | None = None) -> int:
    """How many active agents (of ``team``, or of any team) are online and seen within 2 min."""
    query = select(func.count()).select_from(Agent).where(online_clause(now))
    if team is not None:
        query = query.where(Agent.team == team)
    return int(session.scalar(query) or 0)
