"""Deleting an account: a soft delete that erases the person but keeps the books.

Orders, invoices and payments stay (the shop must keep them for tax law), but the customer row
no longer identifies anyone: the e-mail becomes a placeholder, so the address can sign up again,
and name and street address are removed. Consents are withdrawn with evidence, and a
confirmation goes to the old address (queued before it is overwritten).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from icrm_models.accounts.consents import Consent, change_consent
from icrm_models.accounts.lookup import active_customer
from icrm_models.accounts.outbox import queue_account_email

DELETED_NAME = "Deleted customer"
CONSENTS: tuple[Consent, ...] = ("marketing", "newsletter")


def erased_email(customer_id: int) -> str:
    """The placeholder e-mail of a deleted account (unique, and never deliverable)."""
    return f"deleted-{customer_id}@deleted.invalid"


def delete_account(
    session: Session, *, customer_id: int, now: datetime, conversation_id: str | None = None
) -> bool:
    """Soft-delete ``customer_id``'s account and commit; False when there is no such account."""
    customer = active_customer(session, customer_id)
    if customer is None:
        return False
    queue_account_email(
        session,
        template="account_deleted",
        recipient=customer.email,
        now=now,
        customer_id=customer.id,
        conversation_id=conversation_id,
        fields={"name": customer.name},
    )
    for consent in CONSENTS:
        evidence = change_consent(
            customer, consent, granted=False, now=now, conversation_id=conversation_id
        )
        if evidence is not None:
            session.add(evidence)
    customer.email = erased_email(customer.id)
    customer.name = DELETED_NAME
    customer.address = None
    customer.deleted_at = now
    session.commit()
    return True
