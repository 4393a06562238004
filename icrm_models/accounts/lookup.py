"""Finding a customer who still has an account (an erased account is nobody's)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer


def active_customer_by_email(session: Session, email: str) -> Customer | None:
    """The customer whose (case-insensitive) e-mail is ``email``, unless deleted."""
    return session.scalar(
        select(Customer).where(
            func.lower(Customer.email) == email.lower(), Customer.deleted_at.is_(None)
        )
    )


def email_taken(session: Session, email: str, *, by_other_than: int) -> bool:
    """Whether another customer row (erased ones included: the column is unique) uses ``email``."""
    return (
        session.scalar(
            select(Customer.id).where(
                func.lower(Customer.email) == email.lower(), Customer.id != by_other_than
            )
        )
        is not None
    )
