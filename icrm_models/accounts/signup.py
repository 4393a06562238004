"""Sign-up by e-mail link, without telling the person asking whether the address is registered.

Both cases queue exactly one e-mail to the address itself: a sign-up link when it's free, an
"you already have an account — reset your password?" note when it isn't. Only the owner of the
mailbox learns which, so the chat can answer the same either way.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from icrm_models.accounts.lookup import active_customer_by_email
from icrm_models.accounts.outbox import queue_account_email


def request_signup(
    session: Session, *, email: str, now: datetime, conversation_id: str | None = None
) -> None:
    """Queue the sign-up link (or the already-registered note) for ``email`` and commit.

    Returns nothing on purpose: the caller must not be able to tell the two cases apart.
    ``email`` must already be normalised (``icrm_models.identity_check.normalise_email``).
    """
    existing = active_customer_by_email(session, email)
    queue_account_email(
        session,
        template="account_signup_link" if existing is None else "account_already_exists",
        recipient=email,
        now=now,
        customer_id=None if existing is None else existing.id,
        conversation_id=conversation_id,
    )
    session.commit()
