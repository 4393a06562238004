"""Start a return: the ``returns`` rows, the return-label e-mail in the outbox, a behaviour event.

The return rule is checked again inside the same transaction that writes the rows, so a
confirmation that arrives twice (or after the window closed) cannot start a second return.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.after_sales.eligibility import ReturnCheck, check_return
from icrm_models.after_sales.label_mail import CONVERSATION_ID_MAX, return_label_mail
from icrm_models.db.event_types import BehaviourEventType
from icrm_models.db.schema import BehaviourEvent, Customer, OrderItem, Return
from icrm_models.db.statuses import ReturnStatus
from icrm_models.db.widths import column_width
from icrm_models.policies.source import Policies

REASON_MAX_CHARS = column_width(Return.reason)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def clean_reason(text: str | None) -> str | None:
    """``text`` as a storable return reason: one line, no control characters, at most
    ``REASON_MAX_CHARS`` (the column's width); None when nothing readable is left."""
    if text is None:
        return None
    cleaned = _SPACES.sub(" ", _CONTROL.sub(" ", str(text))).strip()
    if not cleaned:
        return None
    if len(cleaned) > REASON_MAX_CHARS:
        cleaned = cleaned[: REASON_MAX_CHARS - 1].rstrip() + "…"
    return cleaned


@dataclass(frozen=True)
class ReturnRequest:
    """A return that was started: one ``returns`` row per order line."""

    order_id: int
    return_ids: tuple[int, ...]
    item_count: int
    return_by: datetime
    outbox_id: int


def request_return(
    session: Session,
    *,
    customer_id: int,
    order_id: int,
    reason: str,
    policies: Policies,
    now: datetime,
    conversation_id: str | None,
) -> ReturnRequest | ReturnCheck:
    """Start the return of the whole order, or say why not (the failed :class:`ReturnCheck`).

    Writes and commits: ``returns`` rows with status ``requested``, the return-label e-mail
    (queued, never sent here) and a ``return_requested`` behaviour event.
    """
    stored_reason = clean_reason(reason)
    if stored_reason is None:
        raise ValueError(f"a return needs a reason, got {reason!r}")
    conversation_id = conversation_id[:CONVERSATION_ID_MAX] if conversation_id else None
    check = check_return(
        session,
        customer_id=customer_id,
        order_id=order_id,
        window_days=policies.refund.window_days,
        now=now,
    )
    if not check.eligible or check.return_by is None:
        return check
    customer = session.get(Customer, customer_id)
    if customer is None:  # checked above; keeps the types honest
        raise ValueError(f"no customer {customer_id}")
    lines = session.scalars(
        select(OrderItem).where(OrderItem.order_id == order_id).order_by(OrderItem.id)
    ).all()
    returns = [
        Return(
            order_id=order_id,
            customer_id=customer_id,
            order_item_id=line.id,
            quantity=line.quantity,
            reason=stored_reason,
            status=ReturnStatus.REQUESTED,
            requested_at=now,
            received_at=None,
        )
        for line in lines
    ] or [
        Return(
            order_id=order_id,
            customer_id=customer_id,
            order_item_id=None,
            quantity=1,
            reason=stored_reason,
            status=ReturnStatus.REQUESTED,
            requested_at=now,
            received_at=None,
        )
    ]
    session.add_all(returns)
    session.flush()
    return_ids = tuple(r.id for r in returns)
    mail = return_label_mail(
        customer=customer,
        order_id=order_id,
        return_ids=return_ids,
        item_count=check.item_count,
        policies=policies,
        conversation_id=conversation_id,
        now=now,
    )
    session.add(mail)
    session.add(
        BehaviourEvent(
            customer_id=customer_id,
            conversation_id=conversation_id,
            event_type=BehaviourEventType.RETURN_REQUESTED,
            product_id=None,
            occurred_at=now,
            properties={
                "order_id": order_id,
                "return_ids": list(return_ids),
                "item_count": check.item_count,
                "source": "chat",
            },
        )
    )
    session.flush()
    outbox_id = mail.id
    session.commit()
    return ReturnRequest(
        order_id=order_id,
        return_ids=return_ids,
        item_count=check.item_count,
        return_by=check.return_by,
        outbox_id=outbox_id,
    )
