"""Single-use account links (sign-up, password reset, e-mail confirmation), kept only as hashes.

A link's token is made when its e-mail is sent (:mod:`icrm_models.mail.sending`) and exists in
clear text only in that e-mail. The database keeps its SHA-256: the shop hashes the token it is
given and looks the hash up, so whoever reads the database (a backup, a stolen copy, an analyst)
learns no token that opens a live link. A 32-byte random token needs no salt or slow hash: there
is nothing to guess from its digest.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import AccountLink

TOKEN_BYTES = 32


def token_digest(token: str) -> str:
    """The hex SHA-256 of ``token``: what the database keeps instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(
    session: Session,
    *,
    purpose: str,
    recipient: str,
    expires_at: datetime,
    now: datetime,
    customer_id: int | None = None,
    outbox_id: int | None = None,
) -> str:
    """A fresh token for a link mailed to ``recipient``; its digest is added (not committed).

    Issuing again for the same outbox message (a retried delivery) revokes the earlier, unused
    token, so at most one live link exists per e-mail.
    """
    if outbox_id is not None:
        session.execute(
            delete(AccountLink).where(
                AccountLink.outbox_id == outbox_id, AccountLink.used_at.is_(None)
            )
        )
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        AccountLink(
            token_sha256=token_digest(token),
            purpose=purpose,
            recipient=recipient,
            customer_id=customer_id,
            outbox_id=outbox_id,
            created_at=now,
            expires_at=expires_at,
            used_at=None,
        )
    )
    return token


def redeem_link(
    session: Session, *, token: str, purposes: Collection[str], now: datetime
) -> AccountLink | None:
    """The link ``token`` opens, marked used, and commit; None if unknown, used or expired.

    ``purposes`` are the templates the caller's page accepts (a sign-up page must not honour a
    password-reset link). Used or expired links answer the same as unknown ones.
    """
    link = session.scalar(
        select(AccountLink).where(AccountLink.token_sha256 == token_digest(token)).with_for_update()
    )
    if link is None or link.purpose not in purposes or link.used_at is not None:
        return None
    if link.expires_at <= now:
        return None
    link.used_at = now
    session.commit()
    return link
