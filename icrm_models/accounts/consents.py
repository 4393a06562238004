"""Changing a consent flag and keeping the evidence (GDPR art. 7(1): prove what was agreed)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from icrm_models.db.schema import ConsentChange, Customer

Consent = Literal["marketing", "newsletter"]


def change_consent(
    customer: Customer,
    consent: Consent,
    *,
    granted: bool,
    now: datetime,
    conversation_id: str | None,
) -> ConsentChange | None:
    """Set ``consent`` on ``customer`` and return the evidence row to add; None if unchanged.

    Nothing is recorded when the consent already has that value: the history lists changes.
    The caller adds the row to its session and commits.
    """
    attribute = f"{consent}_consent"
    if bool(getattr(customer, attribute)) == granted:
        return None
    setattr(customer, attribute, granted)
    return ConsentChange(
        customer_id=customer.id,
        consent=consent,
        granted=granted,
        source="chat",
        conversation_id=conversation_id,
        changed_at=now,
    )
