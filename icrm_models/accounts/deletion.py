"""Deleting an account: forget the person everywhere, keep the books anonymous.

Orders, invoices and payments stay (the shop must keep them for tax law), keyed by the
customer's id, but nothing left identifies anyone: the customer row keeps a placeholder e-mail
(so the address can sign up again) and loses name, addresses, city and country; every other
store is erased by :func:`icrm_models.privacy.erasure.erase_customer` (behaviour events,
tickets, offers, the outbox, links, Rasa's stored conversations, ...). Consents are withdrawn
with evidence, and a confirmation goes to the old address: queued before the address is
overwritten, it is the one message that keeps it, until it is sent
(:func:`icrm_models.mail.sending.mark_sent` then forgets the recipient).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from icrm_models.accounts.consents import Consent, change_consent
from icrm_models.accounts.outbox import queue_account_email
from icrm_models.active_accounts import active_customer
from icrm_models.privacy.erased import DELETED_NAME, erased_email
from icrm_models.privacy.erasure import erase_customer

__all__ = ["CONSENTS", "DELETED_NAME", "delete_account", "erased_email"]

logger = logging.getLogger(__name__)

CONSENTS: tuple[Consent, ...] = ("marketing", "newsletter")


def delete_account(
    session: Session, *, customer_id: int, now: datetime, conversation_id: str | None = None
) -> bool:
    """Delete ``customer_id``'s account and erase them from every store, in one transaction.

    Commits; False when there is no such (undeleted) account. ``conversation_id`` is the
    conversation the deletion was asked in: it is forgotten too.
    """
    customer = active_customer(session, customer_id)
    if customer is None:
        return False
    confirmation = queue_account_email(
        session,
        template="account_deleted",
        recipient=customer.email,
        now=now,
        customer_id=customer.id,
        conversation_id=conversation_id,
        fields={"name": customer.name},
    )
    session.flush()
    for consent in CONSENTS:
        evidence = change_consent(
            customer, consent, granted=False, now=now, conversation_id=conversation_id
        )
        if evidence is not None:
            session.add(evidence)
    erased = erase_customer(
        session,
        customer,
        keep_outbox_ids=[confirmation.id] if confirmation is not None else [],
        conversation_id=conversation_id,
    )
    customer.deleted_at = now
    session.commit()
    logger.info(
        "customer %s deleted; rows erased: %s",
        customer_id,
        ", ".join(f"{store} {n}" for store, n in erased.items() if n),
    )
    return True
