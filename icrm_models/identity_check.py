"""Proving in a conversation that one is a customer: their e-mail plus one of their order numbers.

The answer is the same whether the e-mail is unknown, the order is someone else's or does not
exist: a failed check reveals nothing about which part was wrong. Tries are limited per address,
conversation and client (:mod:`icrm_models.security.verification_limits`), so order numbers
can't be guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer, Order
from icrm_models.security.verification_limits import (
    DEFAULT_LIMITS,
    MISMATCH,
    REFUSED,
    Attempt,
    Refusal,
    VerificationLimits,
    record_failure,
    refusal,
)

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s.]{2,63}$")


def normalise_email(text: str | None) -> str | None:
    """``text`` as a comparable e-mail address, or None when it is not one."""
    if text is None:
        return None
    candidate = str(text).strip().strip("<>").strip().lower()
    return candidate if EMAIL.match(candidate) else None


def customer_owning(session: Session, *, email: str, order_id: int) -> int | None:
    """The id of the (not erased) customer with ``email`` who placed ``order_id``, else None."""
    return session.scalar(
        select(Customer.id)
        .join(Order, Order.customer_id == Customer.id)
        .where(
            func.lower(Customer.email) == email.lower(),
            Order.id == order_id,
            Customer.deleted_at.is_(None),
        )
    )


@dataclass(frozen=True)
class GuestCheck:
    """The outcome of one guest verification: who it proved, or what refuses the next try."""

    customer_id: int | None  # set when the e-mail and order number matched
    refusal: Refusal | None  # why this try (or, after a failure, the next) is refused


def verify_guest(
    session: Session,
    attempt: Attempt,
    *,
    email: str,
    order_id: int,
    now: datetime,
    limits: VerificationLimits = DEFAULT_LIMITS,
) -> GuestCheck:
    """Check ``email`` + ``order_id`` within the limits; a failure is stored (commits).

    A try the limits refuse is not checked at all, so even the right order number fails while
    the address is locked, and the answer is the same whether or not the address has an account.
    """
    refused = refusal(session, attempt, now=now, limits=limits)
    if refused is not None:
        record_failure(session, attempt, outcome=REFUSED, now=now, limits=limits)
        return GuestCheck(customer_id=None, refusal=refused)
    customer_id = customer_owning(session, email=email, order_id=order_id)
    if customer_id is not None:
        return GuestCheck(customer_id=customer_id, refusal=None)
    after = record_failure(session, attempt, outcome=MISMATCH, now=now, limits=limits)
    return GuestCheck(customer_id=None, refusal=after)
