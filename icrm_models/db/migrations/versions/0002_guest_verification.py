"""guest verification limits and step-up confirmations

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "verification_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("client_hash", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_failures")),
    )
    with op.batch_alter_table("verification_failures", schema=None) as batch_op:
        batch_op.create_index(
            "ix_verification_failures_email", ["email_hash", "failed_at"], unique=False
        )
        batch_op.create_index(
            "ix_verification_failures_conversation",
            ["conversation_id", "failed_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_verification_failures_client", ["client_hash", "failed_at"], unique=False
        )

    op.create_table(
        "pending_account_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("confirm_at", sa.String(length=20), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_pending_account_changes_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_account_changes")),
        sa.UniqueConstraint("outbox_id", name=op.f("uq_pending_account_changes_outbox_id")),
    )
    with op.batch_alter_table("pending_account_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_pending_account_changes_customer", ["customer_id", "created_at"], unique=False
        )


def downgrade() -> None:
    op.drop_table("pending_account_changes")
    op.drop_table("verification_failures")
