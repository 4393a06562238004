"""status vocabularies: CHECK constraints on every status column and on event types

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07

Each status column (and ``behaviour_events.event_type``) may hold only its vocabulary's values,
those of ``icrm_models.db.statuses`` and ``icrm_models.db.event_types``. The values below are
frozen copies as of this revision: a later vocabulary change is a later migration. Upgrading a
database that holds other values fails on the offending table; correct those rows first.

SQLite cannot add a constraint to a table, so batch mode copies each table into a new one; the
environment switches SQLite's foreign-key enforcement off for that (see ``env.py``).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHIPMENT = ("label_created", "in_transit", "out_for_delivery", "delivered", "exception", "returned")
# (table, column, allowed values)
VOCABULARIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "orders",
        "status",
        (
            "pending",
            "processing",
            "shipped",
            "delivered",
            "cancelled",
            "returned",
            "credit_note",
        ),
    ),
    ("shipments", "status", SHIPMENT),
    ("tracking_events", "status", SHIPMENT),
    ("returns", "status", ("requested", "received", "refunded", "rejected")),
    ("refunds", "status", ("pending", "processing", "paid", "failed")),
    ("invoices", "status", ("issued", "paid", "void")),
    ("payments", "status", ("authorized", "captured", "failed", "refunded")),
    ("offers", "status", ("shown", "accepted", "declined", "ignored")),
    ("outbox", "status", ("queued", "sent", "failed")),
    ("support_tickets", "status", ("open", "pending", "resolved")),
    (
        "behaviour_events",
        "event_type",
        (
            "page_view",
            "search",
            "product_search",
            "product_question",
            "chat_intent",
            "offer_impression",
            "offer_accepted",
            "offer_declined",
            "offer_ignored",
            "basket_add",
            "order_cancelled",
            "return_requested",
            "complaint",
            "review",
            "handoff_requested",
            "newsletter_subscribed",
            "newsletter_unsubscribed",
        ),
    ),
)


def _condition(column: str, values: tuple[str, ...]) -> str:
    """``column IN ('a', 'b')``, as the models' CHECK constraints render it."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


def upgrade() -> None:
    for table, column, values in VOCABULARIES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_check_constraint(
                op.f(f"ck_{table}_{column}"), _condition(column, values)
            )


def downgrade() -> None:
    for table, column, _values in reversed(VOCABULARIES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
