"""Console log-in sessions: a random token in the agent's cookie, its SHA-256 in the table.

The token is 32 random bytes (``secrets.token_urlsafe``); the table keeps only its digest, so
reading the database (or a backup) gives no usable cookie. Each session also has its own CSRF
token, which the console's pages send back in the ``X-CSRF-Token`` header of every POST. A
session lasts ``SESSION_LIFETIME`` from the log-in, then the agent logs in again.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from icrm_models.db.tables.live import Agent, AgentSession

SESSION_LIFETIME = timedelta(hours=8)


def token_digest(token: str) -> str:
    """The hex SHA-256 under which a session token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(session: Session, agent_id: int, *, now: datetime) -> tuple[str, str]:
    """Start a session for ``agent_id``: ``(token, csrf_token)``; only the digest is stored.

    Expired sessions of every agent are deleted on the way, so the table does not grow.
    """
    session.execute(delete(AgentSession).where(AgentSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    session.add(
        AgentSession(
            token_sha256=token_digest(token),
            agent_id=agent_id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.flush()
    return token, csrf


def session_agent(session: Session, token: str, *, now: datetime) -> tuple[Agent, str] | None:
    """The active agent of an unexpired session ``token`` and the session's CSRF token, or None."""
    if not token:
        return None
    row = session.execute(
        select(Agent, AgentSession.csrf_token)
        .join(AgentSession, AgentSession.agent_id == Agent.id)
        .where(
            AgentSession.token_sha256 == token_digest(token),
            AgentSession.expires_at > now,
            Agent.active.is_(True),
        )
    ).first()
    if row is None:
        return None
    agent, csrf = row
    return agent, csrf


def close_session(session: Session, token: str) -> None:
    """End the session ``token`` (log-out); an unknown token is a no-op."""
    session.execute(delete(AgentSession).where(AgentSession.token_sha256 == token_digest(token)))
    session.flush()
