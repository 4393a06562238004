"""Confirmation e-mails about order changes: queued in the outbox, never sent from here.

A separate sender delivers queued messages, so a chat action never waits for a mail server and
a failed delivery never undoes a change the customer was told about.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer, OutboxMessage

BODY_LIMIT = 4000  # the outbox column's size


def queue_email(
    session: Session,
    *,
    customer: Customer,
    template: str,
    subject: str,
    body: str,
    payload: dict[str, Any],
    conversation_id: str | None,
    now: datetime,
) -> OutboxMessage:
    """Add a queued e-mail to ``customer`` to the session (the caller commits)."""
    message = OutboxMessage(
        channel="email",
        recipient=customer.email,
        template=template,
        subject=subject,
        body=body[:BODY_LIMIT],
        payload=payload,
        customer_id=customer.id,
        conversation_id=conversation_id,
        status="queued",
        created_at=now,
        sent_at=None,
    )
    session.add(message)
    return message
