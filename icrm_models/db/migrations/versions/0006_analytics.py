"""conversation analytics: conversations (Rasa sessions), turns, form steps, rejects, runs

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

A redacted, queryable copy of Rasa's ``events`` for analysts (issue 19); the tracker store stays
the one record. ``event_key`` (a SHA-256) is unique on every stored row: ingesting an event twice,
or from both the tracker store and the event broker, stores it once.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _time(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _conversation_link(table: str) -> list[Any]:
    return [
        sa.Column("conversation_pk", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_pk"],
            ["analytics_conversations.id"],
            name=op.f(f"fk_{table}_conversation_pk_analytics_conversations"),
        ),
    ]


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "analytics_conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_key", sa.String(length=64), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=40), nullable=True),
        _time("started_at"),
        _time("last_event_at"),
        sa.Column("customer_turns", sa.Integer(), nullable=False),
        sa.Column("bot_turns", sa.Integer(), nullable=False),
        sa.Column("agent_turns", sa.Integer(), nullable=False),
        sa.Column("fallbacks", sa.Integer(), nullable=False),
        _time("last_fallback_at", nullable=True),
        _time("last_customer_at", nullable=True),
        _time("handoff_at", nullable=True),
        sa.Column("handoff_reason", sa.String(length=40), nullable=True),
        _time("agent_first_reply_at", nullable=True),
        _time("handed_back_at", nullable=True),
        sa.Column("csat_score", sa.Integer(), nullable=True),
        sa.Column("active_form", sa.String(length=100), nullable=True),
        sa.Column("requested_slot", sa.String(length=100), nullable=True),
        sa.Column("last_intent", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_conversations")),
        sa.UniqueConstraint("session_key", name=op.f("uq_analytics_conversations_session_key")),
    )
    _indexes("analytics_conversations", "conversation_id", "customer_id", "started_at")

    op.create_table(
        "analytics_turns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_key", sa.String(length=64), nullable=False),
        sa.Column("source_event_id", sa.Integer(), nullable=True),
        *_conversation_link("analytics_turns"),
        _time("at"),
        sa.Column("actor", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("intent", sa.String(length=100), nullable=True),
        sa.Column("confidence", sa.Double(), nullable=True),
        sa.Column("entities", sa.JSON(), nullable=False),
        sa.Column("action", sa.String(length=100), nullable=True),
        sa.Column("form", sa.String(length=100), nullable=True),
        sa.Column("requested_slot", sa.String(length=100), nullable=True),
        sa.Column("fallback", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_turns")),
        sa.UniqueConstraint("event_key", name=op.f("uq_analytics_turns_event_key")),
    )
    _indexes("analytics_turns", "conversation_pk", "conversation_id", "at", "intent")
    with op.batch_alter_table("analytics_turns", schema=None) as batch_op:
        batch_op.create_index("ix_analytics_turns_actor_at", ["actor", "at"], unique=False)

    op.create_table(
        "analytics_form_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_key", sa.String(length=64), nullable=False),
        *_conversation_link("analytics_form_steps"),
        sa.Column("form", sa.String(length=100), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("slot", sa.String(length=100), nullable=True),
        _time("at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_form_steps")),
        sa.UniqueConstraint("event_key", name=op.f("uq_analytics_form_steps_event_key")),
    )
    _indexes("analytics_form_steps", "conversation_pk", "conversation_id", "form")

    op.create_table(
        "analytics_rejects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_key", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("source_event_id", sa.Integer(), nullable=True),
        sa.Column("conversation_id", sa.String(length=255), nullable=True),
        sa.Column("type_name", sa.String(length=255), nullable=True),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        _time("at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_rejects")),
        sa.UniqueConstraint("event_key", name=op.f("uq_analytics_rejects_event_key")),
    )
    _indexes("analytics_rejects", "conversation_id")

    op.create_table(
        "analytics_bookmarks",
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("last_event_id", sa.Integer(), nullable=False),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("source", name=op.f("pk_analytics_bookmarks")),
    )

    op.create_table(
        "analytics_ingest_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        _time("started_at"),
        _time("finished_at", nullable=True),
        sa.Column("read", sa.Integer(), nullable=False),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_ingest_runs")),
    )


def downgrade() -> None:
    for table in (
        "analytics_ingest_runs",
        "analytics_bookmarks",
        "analytics_rejects",
        "analytics_form_steps",
        "analytics_turns",
        "analytics_conversations",
    ):
        op.drop_table(table)
