"""Security records: failed guest verifications, and account changes waiting for their link.

A failed verification is stored under a keyed hash of the address it tried (so the limit holds
per address, whether or not it has an account, without keeping a list of typed addresses). A
pending change keeps no token at all: its link is an outbox e-mail's, whose token only the sent
e-mail holds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from icrm_models.db.base import Base


class VerificationFailure(Base):
    """One guest verification in the chat that failed or was refused, for the limit and audit."""

    __tablename__ = "verification_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email_hash: Mapped[str] = mapped_column(String(64))  # keyed hash of the normalised e-mail
    conversation_id: Mapped[str] = mapped_column(String(128))
    client_hash: Mapped[str | None] = mapped_column(String(64))  # hash of the widget's client key
    outcome: Mapped[str] = mapped_column(String(20))  # mismatch|refused
    failed_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_verification_failures_email", "email_hash", "failed_at"),
        Index("ix_verification_failures_conversation", "conversation_id", "failed_at"),
        Index("ix_verification_failures_client", "client_hash", "failed_at"),
    )


class PendingAccountChange(Base):
    """An account change made only once the link e-mailed for it is opened.

    ``kind`` is what to do (``detail``: name, e-mail or postal address; ``default_address``;
    ``order_address``; ``delete_account``), ``details`` its arguments, ``confirm_at`` whose
    mailbox the link went to (``current_email`` or ``new_email``). The link itself is the outbox
    message ``outbox_id``'s (its token exists only in the sent e-mail, its digest in
    ``account_links``), so opening it is single use and expires with it.
    """

    __tablename__ = "pending_account_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(30))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    confirm_at: Mapped[str] = mapped_column(String(20))  # current_email|new_email
    # no foreign key: erasing a customer's outbox must not depend on deleting these first
    outbox_id: Mapped[int] = mapped_column(unique=True)
    conversation_id: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime]
    applied_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_pending_account_changes_customer", "customer_id", "created_at"),)
