"""Account e-mails, queued in the ``outbox`` table for a separate sender (never sent from here).

Links carry a random single-use token and expire after ``LINK_VALID_FOR``; the token travels in
the message's payload so the sender and the shop can honour it. Anyone can type any address into
the chat, so at most ``MAX_PER_HOUR`` account e-mails go to one address per hour: the rest are
dropped silently (the customer's answer doesn't change, so nothing is revealed either way).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import OutboxMessage

SHOP_URL = "https://luma-sports.example"  # where the links in account e-mails point
LINK_VALID_FOR = timedelta(hours=24)
MAX_PER_HOUR = 3

# template -> (subject, body); bodies are filled with ``str.format`` from the payload.
TEMPLATES: dict[str, tuple[str, str]] = {
    "account_signup_link": (
        "Finish creating your account",
        "Hello,\n\nsomeone (hopefully you) asked to create an account with this address. "
        "Click the link below to choose a password and finish signing up:\n{link}\n\n"
        "The link is valid until {expires}. If it wasn't you, just ignore this e-mail.",
    ),
    "account_already_exists": (
        "You already have an account",
        "Hello,\n\nsomeone (hopefully you) tried to create an account with this address, "
        "but you already have one. Forgot your password? Reset it here:\n{link}\n\n"
        "The link is valid until {expires}. If it wasn't you, just ignore this e-mail.",
    ),
    "password_reset_link": (
        "Reset your password",
        "Hello {name},\n\nclick the link below to choose a new password:\n{link}\n\n"
        "The link is valid until {expires}. If you didn't ask for it, ignore this e-mail: "
        "your password stays as it is.",
    ),
    "account_email_changed": (
        "Your e-mail address was changed",
        "Hello {name},\n\nthe e-mail address of your account was changed to {new_email}. "
        "From now on we'll write to the new address.\n\n"
        "Wasn't you? Contact our customer service straight away.",
    ),
    "account_deleted": (
        "Your account has been deleted",
        "Hello {name},\n\nas you asked, we've deleted your account and withdrawn your "
        "marketing and newsletter consents. Orders and invoices we must keep by law stay in "
        "our books.\n\nThank you for having shopped with us.",
    ),
}
# The e-mails anyone can trigger by typing an address: these are rate-limited per recipient.
THROTTLED = ("account_signup_link", "account_already_exists", "password_reset_link")

# where each link-bearing template's link leads (Magento Luma's paths)
LINK_PATHS = {
    "account_signup_link": "/customer/account/create/",
    "account_already_exists": "/customer/account/createPassword/",
    "password_reset_link": "/customer/account/createPassword/",
}


def recently_queued(session: Session, recipient: str, *, now: datetime) -> int:
    """How many sign-up/reset e-mails were queued for ``recipient`` in the hour before ``now``."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(
                func.lower(OutboxMessage.recipient) == recipient.lower(),
                OutboxMessage.template.in_(THROTTLED),
                OutboxMessage.created_at > now - timedelta(hours=1),
            )
        )
        or 0
    )


def queue_account_email(
    session: Session,
    *,
    template: str,
    recipient: str,
    now: datetime,
    customer_id: int | None = None,
    conversation_id: str | None = None,
    fields: dict[str, str] | None = None,
) -> OutboxMessage | None:
    """Add (not commit) an account e-mail to the outbox; None when the hourly limit is hit.

    Templates with a link get a fresh token valid for ``LINK_VALID_FOR``.
    """
    if template not in TEMPLATES:
        raise ValueError(f"unknown account e-mail template {template!r}")
    if template in THROTTLED and recently_queued(session, recipient, now=now) >= MAX_PER_HOUR:
        return None
    payload: dict[str, Any] = dict(fields or {})
    if template in LINK_PATHS:
        token = secrets.token_urlsafe(24)
        expires = now + LINK_VALID_FOR
        payload.update(
            token=token,
            expires_at=expires.isoformat(),
            link=f"{SHOP_URL}{LINK_PATHS[template]}?token={token}",
            expires=expires.strftime("%d %b %Y, %H:%M UTC"),
        )
    subject, body = TEMPLATES[template]
    message = OutboxMessage(
        channel="email",
        recipient=recipient,
        template=template,
        subject=subject,
        body=body.format(**payload)[:4000],
        payload=payload,
        customer_id=customer_id,
        conversation_id=conversation_id,
        status="queued",
        created_at=now,
    )
    session.add(message)
    return message
