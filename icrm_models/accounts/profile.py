"""Changing a customer's name, e-mail address or postal address."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from icrm_models.accounts.details import AccountField, clean_value
from icrm_models.accounts.lookup import email_taken
from icrm_models.accounts.outbox import queue_account_email
from icrm_models.active_accounts import active_customer


class EditResult(enum.Enum):
    UPDATED = "updated"
    UNCHANGED = "unchanged"  # the account already has that value
    INVALID = "invalid"  # not a valid value for the field
    EMAIL_UNAVAILABLE = "email_unavailable"  # another account uses it: say so only neutrally
    NOT_FOUND = "not_found"


def update_detail(
    session: Session,
    *,
    customer_id: int,
    field: AccountField,
    value: str,
    now: datetime,
    conversation_id: str | None = None,
) -> EditResult:
    """Set ``field`` of ``customer_id``'s account to ``value`` (validated here) and commit.

    A new e-mail address is refused when another account uses it, and the old address gets a
    note about the change (queued before the change, so it goes to the address that was valid
    when the change happened).
    """
    clean = clean_value(field, value)
    if clean is None:
        return EditResult.INVALID
    customer = active_customer(session, customer_id)
    if customer is None:
        return EditResult.NOT_FOUND
    current = getattr(customer, field)
    if current is not None and (
        current.lower() == clean.lower() if field == "email" else current == clean
    ):
        return EditResult.UNCHANGED
    if field == "email":
        if email_taken(session, clean, by_other_than=customer.id):
            return EditResult.EMAIL_UNAVAILABLE
        queue_account_email(
            session,
            template="account_email_changed",
            recipient=customer.email,
            now=now,
            customer_id=customer.id,
            conversation_id=conversation_id,
            fields={"name": customer.name, "new_email": clean},
        )
    setattr(customer, field, clean)
    try:
        session.commit()
    except IntegrityError:
        # another account took the address between the check and the commit (unique column)
        session.rollback()
        if field != "email":
            raise
        return EditResult.EMAIL_UNAVAILABLE
    return EditResult.UPDATED
