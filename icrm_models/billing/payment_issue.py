"""A payment problem becomes a support ticket for the payments team.

Priority ``high`` when the customer says money was taken (charged twice, charged without an
order, money gone), ``normal`` otherwise (a declined card, a question about an amount): money
already taken is what a colleague must look at first. The ticket carries the customer's last
messages, so nobody has to ask again, and, for a known customer, the order it is most likely
about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.active_accounts import active_customer
from icrm_models.db.schema import Order, Payment, SupportTicket
from icrm_models.db.statuses import PaymentStatus, TicketStatus
from icrm_models.db.widths import column_width
from icrm_models.orders.owned import owned_by

CATEGORY = "payment"
MESSAGES_KEPT = 5
MESSAGE_MAX_CHARS = 500
CONVERSATION_ID_MAX = column_width(SupportTicket.conversation_id)

_CHARGED = r"(?:charg\w*|bill\w*|debit\w*|took|taken|paid|payed|deduct\w*|withdr\w*)"
_REPEATED = r"(?:twice|two times|2 times|2x|double|multiple times|several times|three times)"
MONEY_TAKEN = tuple(
    re.compile(pattern)
    for pattern in (
        rf"\b{_CHARGED}\b.*\b{_REPEATED}\b",  # "charged me twice", "billed 2 times"
        rf"\b(?:twice|double)\b.*\b(?:{_CHARGED}|payments?)\b",  # "double charged"
        r"\b(?:money|funds)\b.*\b(?:taken|took|gone|debited|deducted|withdrawn|missing)\b",
        r"\b(?:took|taken|debited|deducted|withdrew|withdrawn)\b.*\b(?:money|funds)\b",
        # "charged but no order", "charged even though it was cancelled"
        r"\bcharged\b.*\b(?:but|without|even though|although)\b"
        r".*\b(?:no|not|never|didn'?t|did not|error|fail\w*|cancel\w*)\b",
    )
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def payment_issue_priority(messages: Sequence[str]) -> str:
    """``high`` when any of ``messages`` says money was taken, else ``normal``."""
    for message in messages:
        text = _SPACES.sub(" ", str(message).lower())[:MESSAGE_MAX_CHARS]
        if any(pattern.search(text) for pattern in MONEY_TAKEN):
            return "high"
    return "normal"


def _one_line(message: str) -> str:
    text = _SPACES.sub(" ", _CONTROL.sub(" ", str(message))).strip()
    return text if len(text) <= MESSAGE_MAX_CHARS else text[: MESSAGE_MAX_CHARS - 1] + "…"


def conversation_summary(messages: Sequence[str]) -> str:
    """The ticket's summary: the customer's last ``MESSAGES_KEPT`` messages, oldest first."""
    kept = [line for line in (_one_line(m) for m in messages[-MESSAGES_KEPT:]) if line]
    lines = "\n".join(f"- {line}" for line in kept) or "- (no readable text)"
    return f"Payment problem reported in the chat. The customer wrote:\n{lines}"


@dataclass(frozen=True)
class PaymentTicket:
    """The ticket that was opened."""

    ticket_id: int
    priority: str
    order_id: int | None  # the order it was linked to, if any


def _linked_order(session: Session, *, customer_id: int, named_order_id: int | None) -> int | None:
    """The order the customer named, if it is theirs; else their latest failed payment's order."""
    if named_order_id is not None:
        named = session.scalar(
            select(Order.id).where(Order.id == named_order_id, owned_by(customer_id))
        )
        if named is not None:
            return named
    return session.scalar(
        select(Order.id)
        .join(Payment, Payment.order_id == Order.id)
        .where(owned_by(customer_id), Payment.status == PaymentStatus.FAILED)
        .order_by(Payment.created_at.desc(), Payment.id.desc())
        .limit(1)
    )


def open_payment_ticket(
    session: Session,
    *,
    customer_id: int | None,
    messages: Sequence[str],
    named_order_id: int | None,
    now: datetime,
    conversation_id: str | None,
) -> PaymentTicket:
    """Open (and commit) the ticket; a guest's (``customer_id`` None) has no customer or order.

    ``named_order_id`` is an order number from the customer's message; it is linked only when it
    belongs to the verified customer.
    """
    if customer_id is not None and active_customer(session, customer_id) is None:
        customer_id = None  # an erased account's ticket is a guest's
    order_id = (
        _linked_order(session, customer_id=customer_id, named_order_id=named_order_id)
        if customer_id is not None
        else None
    )
    priority = payment_issue_priority(messages)
    ticket = SupportTicket(
        customer_id=customer_id,
        order_id=order_id,
        category=CATEGORY,
        priority=priority,
        status=TicketStatus.OPEN,
        summary=conversation_summary(messages),
        conversation_id=conversation_id[:CONVERSATION_ID_MAX] if conversation_id else None,
        created_at=now,
        resolved_at=None,
    )
    session.add(ticket)
    session.flush()
    ticket_id = ticket.id
    session.commit()
    return PaymentTicket(ticket_id=ticket_id, priority=priority, order_id=order_id)
