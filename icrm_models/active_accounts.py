"""An account that was not erased: the one place the rule "erased customers do not exist" lives.

Both rooms that act for a customer need it — ``accounts/`` (profile, newsletter, deletion) and
``orders/`` (ownership, cancellation) — and ``accounts/`` builds on ``orders/`` (a step-up
confirmation changes an order), so the rule sits below both.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer


def active_account(customer_id: int) -> ColumnElement[bool]:
    """The SQL condition "this ``customers`` row is ``customer_id``'s, not erased"."""
    return and_(Customer.id == customer_id, Customer.deleted_at.is_(None))


def active_customer(session: Session, customer_id: int) -> Customer | None:
    """The customer row of ``customer_id``, unless the account was erased."""
    return session.execute(select(Customer).where(active_account(customer_id))).scalar_one_or_none()
