"""Account e-mails, queued in the ``outbox`` table for a separate sender (never sent from here).

Links carry a random single-use token and expire after ``LINK_VALID_FOR``. The token is not made
here and is never stored: a queued e-mail's body holds ``LINK_PLACEHOLDER`` where the link goes,
and the sender gets the text to send from :func:`icrm_models.mail.sending.render_for_sending`,
which makes the token at that moment and keeps only its SHA-256 (``account_links``, checked by
:func:`icrm_models.accounts.links.redeem_link`). So neither the outbox nor any other table holds a
token that opens a live link. Anyone can type any address into the chat, so at most
``MAX_PER_HOUR`` account e-mails go to one address per hour: the rest are dropped silently (the
customer's answer doesn't change, so nothing is revealed either way).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import OutboxMessage
from icrm_models.db.statuses import OutboxStatus
from icrm_models.db.widths import column_width

SHOP_URL = "https://luma-sports.example"  # where the links in account e-mails point
LINK_VALID_FOR = timedelta(hours=24)
MAX_PER_HOUR = 3
# where the link goes in a queued body; the sender's copy has the real link instead
LINK_PLACEHOLDER = "[the link is added when this e-mail is sent]"

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
    # step-up (icrm_models.accounts.step_up): a change asked for in the chat waits for this link
    "account_change_confirm": (
        "Please confirm a change to your account",
        "Hello {name},\n\nsomeone in our shop's chat (hopefully you) asked to {change}. For "
        "your security nothing has changed yet. To make the change, open this link:\n{link}\n\n"
        "The link works once, until {expires}. If it wasn't you, ignore this e-mail: nothing "
        "changes. You may want to tell our customer service.",
    ),
    "account_email_confirm_new": (
        "Please confirm your new e-mail address",
        "Hello {name},\n\nplease confirm that this is the new e-mail address of your account "
        "by opening this link:\n{link}\n\nThe link works once, until {expires}. Until then we "
        "keep writing to your previous address. If you didn't ask for this, ignore this e-mail.",
    ),
}
# The e-mails anyone can trigger by typing an address: these are rate-limited per recipient.
THROTTLED = ("account_signup_link", "account_already_exists", "password_reset_link")

# where each link-bearing template's link leads (Magento Luma's paths)
LINK_PATHS = {
    "account_signup_link": "/customer/account/create/",
    "account_already_exists": "/customer/account/createPassword/",
    "password_reset_link": "/customer/account/createPassword/",
    "account_change_confirm": "/account/confirm",  # web/account_confirm.py
    "account_email_confirm_new": "/account/confirm",
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

    Templates with a link get an expiry ``LINK_VALID_FOR`` from now and ``LINK_PLACEHOLDER`` in
    the body; the token itself is made when the e-mail is sent.
    """
    if template not in TEMPLATES:
        raise ValueError(f"unknown account e-mail template {template!r}")
    if template in THROTTLED and recently_queued(session, recipient, now=now) >= MAX_PER_HOUR:
        return None
    payload: dict[str, Any] = dict(fields or {})
    link: dict[str, str] = {}
    if template in LINK_PATHS:
        expires = now + LINK_VALID_FOR
        payload.update(
            expires_at=expires.isoformat(), expires=expires.strftime("%d %b %Y, %H:%M UTC")
        )
        link["link"] = LINK_PLACEHOLDER
    subject, body = TEMPLATES[template]
    message = OutboxMessage(
        channel="email",
        recipient=recipient,
        template=template,
        subject=subject,
        body=body.format(**payload, **link)[: column_width(OutboxMessage.body)],
        payload=payload,
        customer_id=customer_id,
        conversation_id=conversation_id,
        status=OutboxStatus.QUEUED,
        created_at=now,
    )
    session.add(message)
    return message
