"""The contract of the outbox's sender: what it reads, and what it must call.

The outbox (``OutboxMessage``) is the shop's mail queue; a separate sender delivers it, so a
chat never waits for a mail server. The sender must not send a row's stored ``body`` as it is:

1. pick ``queued`` rows (:func:`queued_message_ids`, oldest first);
2. call :func:`render_for_sending` for each and send exactly what it returns. For an e-mail with
   a link, that is the only moment the link's token exists: it is made there, its SHA-256 is
   committed to ``account_links`` (so the shop can check the link) and the token goes into the
   returned text only. The row keeps ``LINK_PLACEHOLDER``; a retry makes a new token and
   revokes the old one;
3. call :func:`mark_sent` once the mail server accepted it. E-mails that exist only to tell an
   erased person (``ERASE_WHEN_SENT``: the deletion confirmation) lose recipient, text and
   customer there: what stays is that such an e-mail was sent, and when.

A sender that reads the table directly gets the placeholder instead of a link: a visible fault,
never a token lying in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.accounts.links import issue_link
from icrm_models.accounts.outbox import LINK_PATHS, LINK_PLACEHOLDER, LINK_VALID_FOR, SHOP_URL
from icrm_models.db.schema import OutboxMessage
from icrm_models.db.statuses import OutboxStatus
from icrm_models.db.widths import column_width
from icrm_models.privacy.erased import ERASED_RECIPIENT

# templates whose row forgets its recipient once sent
ERASE_WHEN_SENT = frozenset({"account_deleted"})
ERASED_BODY = "[erased once sent: {template}]"
BODY_LIMIT = column_width(OutboxMessage.body)


@dataclass(frozen=True)
class OutgoingMail:
    """What to deliver for one outbox row: send this, not the row's stored body."""

    message_id: int
    channel: str  # email|sms
    recipient: str
    subject: str
    body: str


def queued_message_ids(session: Session, *, limit: int = 100) -> list[int]:
    """Ids of messages waiting to be sent, oldest first."""
    return list(
        session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == OutboxStatus.QUEUED)
            .order_by(OutboxMessage.created_at, OutboxMessage.id)
            .limit(limit)
        )
    )


def render_for_sending(session: Session, *, message_id: int, now: datetime) -> OutgoingMail | None:
    """The mail to deliver for a queued message, and commit; None if it is not queued.

    For a template with a link, a token is made now and only its digest is stored.
    """
    message = session.get(OutboxMessage, message_id)
    if message is None or message.status != OutboxStatus.QUEUED:
        return None
    body = message.body
    if message.template in LINK_PATHS:
        token = issue_link(
            session,
            purpose=message.template,
            recipient=message.recipient,
            expires_at=_expiry(message, now=now),
            now=now,
            customer_id=message.customer_id,
            outbox_id=message.id,
        )
        link = f"{SHOP_URL}{LINK_PATHS[message.template]}?token={token}"
        body = body.replace(LINK_PLACEHOLDER, link)[:BODY_LIMIT]
    session.commit()  # the digest exists before the link leaves, or the link would be dead
    return OutgoingMail(message.id, message.channel, message.recipient, message.subject, body)


def _expiry(message: OutboxMessage, *, now: datetime) -> datetime:
    """When the message's link stops working: as queued, or ``LINK_VALID_FOR`` from now."""
    queued = (message.payload or {}).get("expires_at")
    return datetime.fromisoformat(queued) if queued else now + LINK_VALID_FOR


def mark_sent(session: Session, *, message_id: int, now: datetime) -> None:
    """Record that ``message_id`` was delivered, forgetting whom if it must, and commit."""
    message = session.get(OutboxMessage, message_id)
    if message is None:
        raise ValueError(f"no outbox message {message_id}")
    message.status = OutboxStatus.SENT
    message.sent_at = now
    if message.template in ERASE_WHEN_SENT:
        message.recipient = ERASED_RECIPIENT
        message.customer_id = None
        message.conversation_id = None
        message.body = ERASED_BODY.format(template=message.template)
        message.payload = {}
    session.commit()
