"""Account changes that wait for a link e-mailed to the account (step-up).

A guest proven in the chat (an e-mail address and one order number, see
:mod:`icrm_models.identity_check`) has shown two facts that are not secret enough to change an
account with: changing the e-mail address and then asking for a password reset would hand them
the account. So changing the account's details (e-mail, name, postal address), its default
delivery address or an order's delivery address, and deleting the account, need the logged-in
identity — or the owner's mailbox. Such a request becomes a :class:`PendingAccountChange` and an
e-mail to the account's **current** address; opening its link makes the change
(:mod:`icrm_models.accounts.step_up_confirm`).

A **new** e-mail address is confirmed before it is used, whoever asks (logged in too): that
change waits for a link sent to the new address; the old address hears about it once it is made.

The links are the outbox's (:mod:`icrm_models.accounts.outbox`): their token is made when the
e-mail is sent and only its digest is stored, so they are single use and expire like every
account link. At most ``MAX_LINKS_PER_HOUR`` are queued per account from the chat, so nobody can
flood a customer's mailbox through it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from icrm_models.accounts.details import AccountField
from icrm_models.accounts.outbox import queue_account_email
from icrm_models.active_accounts import active_customer
from icrm_models.db.schema import PendingAccountChange

CURRENT_EMAIL = "current_email"  # the link goes to the address on the account
NEW_EMAIL = "new_email"  # the link goes to the new address the change sets
CONFIRM_TEMPLATES = {
    CURRENT_EMAIL: "account_change_confirm",
    NEW_EMAIL: "account_email_confirm_new",
}

DETAIL = "detail"  # details: field (name|email|address), value
DEFAULT_ADDRESS = "default_address"  # details: address, city, country
ORDER_ADDRESS = "order_address"  # details: order_id, address
DELETE_ACCOUNT = "delete_account"  # no details
KINDS = (DETAIL, DEFAULT_ADDRESS, ORDER_ADDRESS, DELETE_ACCOUNT)

MAX_LINKS_PER_HOUR = 3

_DETAIL_WORDS = {
    "name": "change the name on your account to {value}",
    "email": "change the e-mail address of your account to {value}",
    "address": "change the postal address of your account to {value}",
}


class StepUpResult(enum.Enum):
    SENT = "sent"  # the link is queued
    TOO_MANY = "too_many"  # MAX_LINKS_PER_HOUR reached for this account
    NOT_FOUND = "not_found"  # no such (active) account


@dataclass(frozen=True)
class ChangeRequest:
    """What a confirmation link will do once opened."""

    kind: str
    details: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of account change {self.kind!r}")

    def describe(self) -> str:
        """The change in the owner's words ("send order 10021 to ..."), for e-mail and page."""
        details = self.details
        if self.kind == DETAIL:
            return _DETAIL_WORDS[str(details["field"])].format(value=details["value"])
        if self.kind == DEFAULT_ADDRESS:
            return f"make {details['address']} your default delivery address"
        if self.kind == ORDER_ADDRESS:
            return f"send order {details['order_id']} to {details['address']}"
        return "delete your account"


def detail_change(account_field: AccountField, value: str) -> ChangeRequest:
    """Set the account's ``account_field`` (already validated) to ``value``."""
    return ChangeRequest(DETAIL, {"field": account_field, "value": value})


def default_address_change(address: str, city: str | None, country: str | None) -> ChangeRequest:
    """Make ``address`` (with city and country when given) the default delivery address."""
    return ChangeRequest(DEFAULT_ADDRESS, {"address": address, "city": city, "country": country})


def order_address_change(order_id: int, address: str) -> ChangeRequest:
    """Send the not-yet-shipped order ``order_id`` to ``address``."""
    return ChangeRequest(ORDER_ADDRESS, {"order_id": order_id, "address": address})


def account_deletion() -> ChangeRequest:
    """Delete the account (as :func:`icrm_models.accounts.deletion.delete_account`)."""
    return ChangeRequest(DELETE_ACCOUNT)


def links_queued_recently(session: Session, *, customer_id: int, now: datetime) -> int:
    """How many confirmation links were queued for the account in the hour before ``now``."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(PendingAccountChange)
            .where(
                PendingAccountChange.customer_id == customer_id,
                PendingAccountChange.created_at > now - timedelta(hours=1),
            )
        )
        or 0
    )


def request_change(
    session: Session,
    *,
    customer_id: int,
    change: ChangeRequest,
    now: datetime,
    conversation_id: str | None = None,
    confirm_at: str = CURRENT_EMAIL,
    limited: bool = True,
) -> StepUpResult:
    """Queue the link that makes ``change`` and store what it will do; commit.

    ``confirm_at`` says whose mailbox must confirm: the account's current address, or (for a
    new e-mail address, ``change`` being an e-mail ``detail_change``) the new one. ``limited``
    is False only for the second link of a guest's e-mail change, which the owner's own click
    asked for.
    """
    if confirm_at not in CONFIRM_TEMPLATES:
        raise ValueError(f"unknown confirmation mailbox {confirm_at!r}")
    if confirm_at == NEW_EMAIL and not (
        change.kind == DETAIL and change.details.get("field") == "email"
    ):
        raise ValueError("only a new e-mail address is confirmed at the new address")
    customer = active_customer(session, customer_id)
    if customer is None:
        return StepUpResult.NOT_FOUND
    if limited and links_queued_recently(session, customer_id=customer.id, now=now) >= (
        MAX_LINKS_PER_HOUR
    ):
        return StepUpResult.TOO_MANY
    recipient = customer.email if confirm_at == CURRENT_EMAIL else str(change.details["value"])
    message = queue_account_email(
        session,
        template=CONFIRM_TEMPLATES[confirm_at],
        recipient=recipient,
        now=now,
        customer_id=customer.id,
        conversation_id=conversation_id,
        fields={"name": customer.name, "change": change.describe()},
    )
    if message is None:
        return StepUpResult.TOO_MANY
    session.flush()  # the message's id: the link the change waits for
    session.add(
        PendingAccountChange(
            customer_id=customer.id,
            kind=change.kind,
            details=dict(change.details),
            confirm_at=confirm_at,
            outbox_id=message.id,
            conversation_id=conversation_id,
            created_at=now,
            applied_at=None,
        )
    )
    session.commit()
    return StepUpResult.SENT


def forget_pending_changes(session: Session, *, customer_id: int) -> int:
    """Delete the account's pending changes (they hold addresses); the caller commits.

    For the account deletion: once erased, nothing of the person may stay, not even a change
    that was never confirmed.
    """
    result = session.execute(
        delete(PendingAccountChange).where(PendingAccountChange.customer_id == customer_id)
    )
    return int(getattr(result, "rowcount", 0) or 0)
