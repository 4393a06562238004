"""Proving in a conversation that one is a customer: their e-mail plus one of their order numbers.

The answer is the same whether the e-mail is unknown, the order is someone else's or does not
exist: a failed check reveals nothing about which part was wrong.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer, Order

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
