"""What erased personal data is replaced with, where a row must stay."""

from __future__ import annotations

DELETED_NAME = "Deleted customer"
# free text that named or quoted someone (a return's reason), where the row itself must stay
ERASED_TEXT = "[erased]"
# the recipient of a sent e-mail to an erased person (the outbox keeps that it was sent)
ERASED_RECIPIENT = "erased@deleted.invalid"


def erased_email(customer_id: int) -> str:
    """The placeholder e-mail of a deleted account (unique, and never deliverable)."""
    return f"deleted-{customer_id}@deleted.invalid"
