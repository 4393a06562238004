"""Live chat with a human agent (issue 18): agents, their sessions, handoff cases, notes, audit.

The conversation itself is not here: Rasa's tracker store (table ``events``) stays the one record
of every message, the customer's, the bot's and the agent's. These tables hold only what the
agent console adds: who the agents are, which case is waiting or taken, what the agents noted,
how the customer rated the chat, and who opened which customer's data (``agent_audit``).

Tokens are stored as SHA-256 digests (``agent_sessions.token_sha256``), passwords as argon2id
hashes (``icrm_models.live.passwords``): a copy of the database lets nobody log in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, column
from sqlalchemy.orm import Mapped, mapped_column

from icrm_models.db.base import Base
from icrm_models.db.statuses import (
    AgentPresence,
    AgentRole,
    CasePriority,
    CaseReason,
    CaseResolution,
    CaseStatus,
    NoteKind,
)
from icrm_models.db.vocabulary import Vocabulary, one_of


class Agent(Base):
    """A person who answers chats in the console. ``email`` is stored lower-case."""

    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[AgentRole] = mapped_column(Vocabulary(AgentRole), default=AgentRole.AGENT)
    team: Mapped[str] = mapped_column(String(40), default="support")
    active: Mapped[bool] = mapped_column(default=True)
    presence: Mapped[AgentPresence] = mapped_column(
        Vocabulary(AgentPresence), default=AgentPresence.OFFLINE
    )
    last_seen_at: Mapped[datetime | None]
    created_at: Mapped[datetime]

    __table_args__ = (one_of(AgentRole, "role"), one_of(AgentPresence, "presence"))


class AgentSession(Base):
    """A logged-in console session: the cookie's token (as its digest) and its CSRF token."""

    __tablename__ = "agent_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class LoginAttempt(Base):
    """One console log-in attempt under a key (``email:<address>`` or ``ip:<address>``)."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    succeeded: Mapped[bool]
    at: Mapped[datetime]

    __table_args__ = (Index("ix_login_attempts_key", "key", "at"),)


class LiveCase(Base):
    """One handoff of a conversation to a human, from the queue to its close and rating.

    ``customer_id`` is set only for a customer the chat VERIFIED (logged in or checked by e-mail
    and order number); a guest's case has none. At most one case per conversation is not closed
    (the partial unique index), so a second handoff request finds the open one.
    """

    __tablename__ = "live_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[CaseStatus] = mapped_column(Vocabulary(CaseStatus))
    reason: Mapped[CaseReason] = mapped_column(Vocabulary(CaseReason))
    priority: Mapped[CasePriority] = mapped_column(Vocabulary(CasePriority))
    summary: Mapped[str] = mapped_column(Text, default="")
    first_message: Mapped[str] = mapped_column(Text, default="")
    team: Mapped[str] = mapped_column(String(40), default="support")
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("support_tickets.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"), index=True)
    queued_at: Mapped[datetime]
    assigned_at: Mapped[datetime | None]
    first_agent_reply_at: Mapped[datetime | None]
    handed_back_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    resolution: Mapped[CaseResolution | None] = mapped_column(Vocabulary(CaseResolution))
    resolution_category: Mapped[str | None] = mapped_column(String(40))
    csat_score: Mapped[int | None]
    csat_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]

    __table_args__ = (
        one_of(CaseStatus),
        one_of(CaseReason, "reason"),
        one_of(CasePriority, "priority"),
        one_of(CaseResolution, "resolution"),
        CheckConstraint(column("csat_score").between(1, 5), name="csat_score"),
        Index(
            "uq_live_cases_open_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=column("status") != CaseStatus.CLOSED.value,
            postgresql_where=column("status") != CaseStatus.CLOSED.value,
        ),
        Index("ix_live_cases_status", "status", "queued_at"),
    )


class LiveNote(Base):
    """A private note on a case, by an agent, or a system line ("claimed by Anna")."""

    __tablename__ = "live_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("live_cases.id"), index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    kind: Mapped[NoteKind] = mapped_column(Vocabulary(NoteKind), default=NoteKind.NOTE)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]

    __table_args__ = (one_of(NoteKind, "kind"),)


class CannedReply(Base):
    """A prepared answer an agent inserts by its shortcut; ``body`` may hold placeholders
    ``{first_name}``, ``{order_id}`` and ``{agent_name}``. No team: every team sees it."""

    __tablename__ = "canned_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    shortcut: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    team: Mapped[str | None] = mapped_column(String(40))


class AgentAudit(Base):
    """Who opened or changed what: one line per access of an agent to a case or a customer.

    No foreign keys: the audit outlives the erasure of a customer (it then names only an id).
    """

    __tablename__ = "agent_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None]
    customer_id: Mapped[int | None]
    conversation_id: Mapped[str | None] = mapped_column(String(128))
    at: Mapped[datetime]

    __table_args__ = (
        Index("ix_agent_audit_agent", "agent_id", "at"),
        Index("ix_agent_audit_customer", "customer_id", "at"),
    )
