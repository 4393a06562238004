"""Confirmation e-mails about order changes: queued in the outbox, never sent from here.

A separate sender delivers queued messages, so a chat action never waits for a mail server and
a failed delivery never undoes a change the customer was told about.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer, OutboxMessage
from icrm_models.db.statuses import OutboxStatus
from icrm_models.db.widths import column_width

BODY_LIMIT = column_width(OutboxMessage.body)


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
        status=OutboxStatus.QUEUED,
        created_at=now,
        sent_at=None,
    )
    session.add(message)
    return message
