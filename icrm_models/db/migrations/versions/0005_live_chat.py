"""live chat with a human agent: agents, console sessions, log-in attempts, cases, notes, audit

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07

The agent console's own state (issue 18); the conversation itself stays in Rasa's ``events``
table. The vocabularies below are frozen copies of ``icrm_models.db.statuses`` as of this
revision. ``live_cases`` allows one not-closed case per conversation through a partial unique
index (SQLite 3.8+ and PostgreSQL both have them).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("agent", "supervisor")
PRESENCE = ("online", "away", "offline")
CASE_STATUSES = ("queued", "assigned", "with_bot", "closed")
REASONS = ("asked", "fallback", "escalation", "accepted_offer", "agent_pick")
PRIORITIES = ("low", "normal", "high", "urgent")
RESOLUTIONS = ("solved", "not_solved")
NOTE_KINDS = ("note", "system")


def _one_of(table: str, column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    """``column IN ('a', 'b')``, named as the models' ``one_of`` names it."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({quoted})", name=op.f(f"ck_{table}_{column}"))


def _time(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "agents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("team", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("presence", sa.String(length=20), nullable=False),
        _time("last_seen_at", nullable=True),
        _time("created_at"),
        _one_of("agents", "role", ROLES),
        _one_of("agents", "presence", PRESENCE),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agents")),
        sa.UniqueConstraint("email", name=op.f("uq_agents_email")),
    )

    op.create_table(
        "agent_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        _time("created_at"),
        _time("expires_at"),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_agent_sessions_agent_id_agents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_sessions")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_agent_sessions_token_sha256")),
    )
    with op.batch_alter_table("agent_sessions", schema=None) as batch_op:
        batch_op.create_index(op.f("ix_agent_sessions_agent_id"), ["agent_id"], unique=False)

    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        _time("at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempts_key", ["key", "at"], unique=False)

    op.create_table(
        "live_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("first_message", sa.Text(), nullable=False),
        sa.Column("team", sa.String(length=40), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        _time("queued_at"),
        _time("assigned_at", nullable=True),
        _time("first_agent_reply_at", nullable=True),
        _time("handed_back_at", nullable=True),
        _time("closed_at", nullable=True),
        sa.Column("resolution", sa.String(length=20), nullable=True),
        sa.Column("resolution_category", sa.String(length=40), nullable=True),
        sa.Column("csat_score", sa.Integer(), nullable=True),
        _time("csat_at", nullable=True),
        _time("updated_at"),
        _one_of("live_cases", "status", CASE_STATUSES),
        _one_of("live_cases", "reason", REASONS),
        _one_of("live_cases", "priority", PRIORITIES),
        _one_of("live_cases", "resolution", RESOLUTIONS),
        sa.CheckConstraint("csat_score BETWEEN 1 AND 5", name=op.f("ck_live_cases_csat_score")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_live_cases_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["support_tickets.id"],
            name=op.f("fk_live_cases_ticket_id_support_tickets"),
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["agents.id"], name=op.f("fk_live_cases_assignee_id_agents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_cases")),
    )
    with op.batch_alter_table("live_cases", schema=None) as batch_op:
        batch_op.create_index(
            op.f("ix_live_cases_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(op.f("ix_live_cases_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(op.f("ix_live_cases_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_index("ix_live_cases_status", ["status", "queued_at"], unique=False)
        batch_op.create_index(
            "uq_live_cases_open_conversation",
            ["conversation_id"],
            unique=True,
            sqlite_where=sa.text("status != 'closed'"),
            postgresql_where=sa.text("status != 'closed'"),
        )

    op.create_table(
        "live_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _time("created_at"),
        _one_of("live_notes", "kind", NOTE_KINDS),
        sa.ForeignKeyConstraint(
            ["case_id"], ["live_cases.id"], name=op.f("fk_live_notes_case_id_live_cases")
        ),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_live_notes_agent_id_agents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_notes")),
    )
    with op.batch_alter_table("live_notes", schema=None) as batch_op:
        batch_op.create_index(op.f("ix_live_notes_case_id"), ["case_id"], unique=False)

    op.create_table(
        "canned_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shortcut", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("team", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canned_replies")),
        sa.UniqueConstraint("shortcut", name=op.f("uq_canned_replies_shortcut")),
    )

    op.create_table(
        "agent_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("conversation_id", sa.String(length=128), nullable=True),
        _time("at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_audit")),
    )
    with op.batch_alter_table("agent_audit", schema=None) as batch_op:
        batch_op.create_index("ix_agent_audit_agent", ["agent_id", "at"], unique=False)
        batch_op.create_index("ix_agent_audit_customer", ["customer_id", "at"], unique=False)


def downgrade() -> None:
    op.drop_table("agent_audit")
    op.drop_table("canned_replies")
    op.drop_table("live_notes")
    op.drop_table("live_cases")
    op.drop_table("login_attempts")
    op.drop_table("agent_sessions")
    op.drop_table("agents")
