"""Opening a step-up link: the account change waiting for it is made, once.

The link (:mod:`icrm_models.accounts.step_up`) is redeemed through
:func:`icrm_models.accounts.links.redeem_link`, which marks it used before anything changes: a
link opened twice, an expired one and one that never existed all answer ``INVALID``, and a
change is never made twice. The change is checked again when it is made (an order may have
shipped, an address been taken since), with the same functions the chat uses for a logged-in
customer; what can no longer be done answers ``NOT_POSSIBLE`` and changes nothing.

A guest's new e-mail address takes two links: the first (to the current address) only sends
the second (to the new address), and the change is made when that one is opened.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.accounts.deletion import delete_account
from icrm_models.accounts.links import redeem_link, token_digest
from icrm_models.accounts.lookup import email_taken
from icrm_models.accounts.profile import EditResult, update_detail
from icrm_models.accounts.step_up import (
    CONFIRM_TEMPLATES,
    CURRENT_EMAIL,
    DEFAULT_ADDRESS,
    DELETE_ACCOUNT,
    DETAIL,
    NEW_EMAIL,
    ORDER_ADDRESS,
    ChangeRequest,
    StepUpResult,
    forget_pending_changes,
    request_change,
)
from icrm_models.db.schema import AccountLink, PendingAccountChange
from icrm_models.orders.address_changes import change_order_address, save_default_address

CONFIRM_PURPOSES = frozenset(CONFIRM_TEMPLATES.values())
MAX_TOKEN_LENGTH = 200


class Confirmation(enum.Enum):
    APPLIED = "applied"  # the change is made
    NEW_EMAIL_LINK_SENT = "new_email_link_sent"  # the new address now gets its own link
    NOT_POSSIBLE = "not_possible"  # no longer possible (shipped, address taken, account gone)
    INVALID = "invalid"  # unknown, used or expired link


@dataclass(frozen=True)
class ConfirmResult:
    """What opening the link did, and the change it was for (None for an invalid link)."""

    outcome: Confirmation
    change: str | None = None


def _pending_of(session: Session, link: AccountLink | None) -> PendingAccountChange | None:
    if link is None or link.outbox_id is None or link.purpose not in CONFIRM_PURPOSES:
        return None
    pending = session.scalar(
        select(PendingAccountChange).where(
            PendingAccountChange.outbox_id == link.outbox_id,
            PendingAccountChange.applied_at.is_(None),
        )
    )
    if pending is None or pending.customer_id != link.customer_id:
        return None
    return pending


def describe_link(session: Session, *, token: str, now: datetime) -> str | None:
    """The change an unused, unexpired link would make, without using it (for the page that
    asks "confirm?": mail scanners open links, so opening one must not change anything)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    link = session.scalar(
        select(AccountLink).where(AccountLink.token_sha256 == token_digest(token))
    )
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    pending = _pending_of(session, link)
    return ChangeRequest(pending.kind, pending.details).describe() if pending else None


def confirm_change(session: Session, *, token: str, now: datetime, shop_name: str) -> ConfirmResult:
    """Redeem ``token`` and make the change it confirms; commits."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return ConfirmResult(Confirmation.INVALID)
    link = redeem_link(session, token=token, purposes=CONFIRM_PURPOSES, now=now)
    pending = _pending_of(session, link)
    if pending is None:
        return ConfirmResult(Confirmation.INVALID)
    pending.applied_at = now
    session.commit()
    change = ChangeRequest(pending.kind, dict(pending.details))
    try:
        outcome = _apply(session, pending, change, now=now, shop_name=shop_name)
    except ValueError:  # stored before a rule changed; checked again and refused
        session.rollback()
        outcome = Confirmation.NOT_POSSIBLE
    return ConfirmResult(outcome, change.describe())


def _apply(
    session: Session,
    pending: PendingAccountChange,
    change: ChangeRequest,
    *,
    now: datetime,
    shop_name: str,
) -> Confirmation:
    customer_id, conversation_id = pending.customer_id, pending.conversation_id
    details = change.details
    if change.kind == DETAIL:
        account_field, value = details["field"], str(details["value"])
        if account_field == "email" and pending.confirm_at == CURRENT_EMAIL:
            if email_taken(session, value, by_other_than=customer_id):
                return Confirmation.NOT_POSSIBLE
            sent = request_change(
                session,
                customer_id=customer_id,
                change=change,
                now=now,
                conversation_id=conversation_id,
                confirm_at=NEW_EMAIL,
                limited=False,
            )
            return (
                Confirmation.NEW_EMAIL_LINK_SENT
                if sent is StepUpResult.SENT
                else Confirmation.NOT_POSSIBLE
            )
        edited = update_detail(
            session,
            customer_id=customer_id,
            field=account_field,
            value=value,
            now=now,
            conversation_id=conversation_id,
        )
        done = edited in (EditResult.UPDATED, EditResult.UNCHANGED)
        return Confirmation.APPLIED if done else Confirmation.NOT_POSSIBLE
    if change.kind == DEFAULT_ADDRESS:
        saved = save_default_address(
            session,
            customer_id=customer_id,
            address=str(details["address"]),
            city=details.get("city"),
            country=details.get("country"),
            shop_name=shop_name,
            conversation_id=conversation_id,
            now=now,
        )
        return Confirmation.APPLIED if saved is not None else Confirmation.NOT_POSSIBLE
    if change.kind == ORDER_ADDRESS:
        moved = change_order_address(
            session,
            customer_id=customer_id,
            order_id=int(details["order_id"]),
            address=str(details["address"]),
            shop_name=shop_name,
            conversation_id=conversation_id,
            now=now,
        )
        changed = moved is not None and moved.changed
        return Confirmation.APPLIED if changed else Confirmation.NOT_POSSIBLE
    if change.kind == DELETE_ACCOUNT:
        if not delete_account(
            session, customer_id=customer_id, now=now, conversation_id=conversation_id
        ):
            return Confirmation.NOT_POSSIBLE
        forget_pending_changes(session, customer_id=customer_id)
        session.commit()
        return Confirmation.APPLIED
    return Confirmation.NOT_POSSIBLE
