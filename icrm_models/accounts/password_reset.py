"""Password-reset links, queued only for addresses that have an account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from icrm_models.accounts.lookup import active_customer_by_email
from icrm_models.accounts.outbox import queue_account_email


def request_password_reset(
    session: Session, *, email: str, now: datetime, conversation_id: str | None = None
) -> None:
    """Queue a reset link to ``email`` if it belongs to an account, and commit.

    Returns nothing on purpose: whoever asked gets the same answer whether or not a link went
    out. The link goes to the address on file, never to one typed in the chat.
    """
    customer = active_customer_by_email(session, email)
    if customer is not None:
        queue_account_email(
            session,
            template="password_reset_link",
            recipient=customer.email,
            now=now,
            customer_id=customer.id,
            conversation_id=conversation_id,
            fields={"name": customer.name},
        )
    session.commit()
