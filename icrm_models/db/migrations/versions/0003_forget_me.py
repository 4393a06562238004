"""forget-me: conversation ownership and hashed link tokens

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

``customer_conversations`` records which conversations a customer was identified in, so a
deletion can find them in Rasa's tracker store. ``account_links`` keeps only the SHA-256 of the
tokens account e-mails carry. Account e-mails queued before this revision kept the token in
clear text in ``outbox.payload`` and ``outbox.body``; nothing could check those tokens, so they
are removed (a queued one gets a fresh link when it is sent).
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# frozen copies of icrm_models.accounts.outbox's names as of this revision
LINK_TEMPLATES = ("account_signup_link", "account_already_exists", "password_reset_link")
LINK_PLACEHOLDER = "[the link is added when this e-mail is sent]"


def upgrade() -> None:
    op.create_table(
        "customer_conversations",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_customer_conversations_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint(
            "customer_id", "conversation_id", name=op.f("pk_customer_conversations")
        ),
    )
    with op.batch_alter_table("customer_conversations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_customer_conversations_conversation_id"),
            ["conversation_id"],
            unique=False,
        )

    op.create_table(
        "account_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=60), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_account_links_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["outbox_id"], ["outbox.id"], name=op.f("fk_account_links_outbox_id_outbox")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_links")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_account_links_token_sha256")),
    )
    with op.batch_alter_table("account_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_links_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_account_links_outbox_id"), ["outbox_id"], unique=False)

    _remove_clear_text_tokens()


def _remove_clear_text_tokens() -> None:
    """Strip the tokens that account e-mails of revision 0002 kept in the outbox."""
    outbox = sa.table(
        "outbox",
        sa.column("id", sa.Integer()),
        sa.column("template", sa.String()),
        sa.column("body", sa.String()),
        sa.column("payload", sa.JSON()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(outbox.c.id, outbox.c.body, outbox.c.payload).where(
            outbox.c.template.in_(LINK_TEMPLATES)
        )
    ).all()
    for row_id, body, payload in rows:
        fields: dict[str, Any] = dict(payload or {})
        link = fields.pop("link", None)
        token = fields.pop("token", None)
        for secret in (link, token):
            if secret:
                body = body.replace(str(secret), LINK_PLACEHOLDER)
        connection.execute(
            outbox.update().where(outbox.c.id == row_id).values(body=body, payload=fields)
        )


def downgrade() -> None:
    with op.batch_alter_table("account_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_links_outbox_id"))
        batch_op.drop_index(batch_op.f("ix_account_links_customer_id"))
    op.drop_table("account_links")
    with op.batch_alter_table("customer_conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_conversations_conversation_id"))
    op.drop_table("customer_conversations")
