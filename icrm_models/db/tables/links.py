"""The links account e-mails carry (sign-up, password reset, e-mail confirmation), hashed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from icrm_models.db.base import Base


class AccountLink(Base):
    """One link mailed to a person: only the SHA-256 of its token is kept.

    The shop checks a link by hashing the token it was given and looking the hash up, so a copy
    of the database lets nobody open a live link (see :mod:`icrm_models.accounts.links`).
    """

    __tablename__ = "account_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)  # hex digest
    purpose: Mapped[str] = mapped_column(String(60))  # the outbox template that carried it
    recipient: Mapped[str] = mapped_column(String(254))  # the address it was mailed to
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
