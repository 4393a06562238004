"""Cancelling an order under the shop's policy: the fee for its status, the refund, the records.

The fee comes from ``data/policies.yml`` (``cancellation.fees``: status -> fee); a status that
is not listed there can't be cancelled any more. A cancellation changes the order, records the
refund of what was paid minus the fee, queues a confirmation e-mail and writes a behaviour
event, all in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.active_accounts import active_customer
from icrm_models.db.event_types import BehaviourEventType
from icrm_models.db.schema import BehaviourEvent, Order, Payment, Refund
from icrm_models.db.statuses import OrderStatus, PaymentStatus, RefundStatus
from icrm_models.orders.notify import queue_email
from icrm_models.orders.owned import owned_order
from icrm_models.policies.source import Policies

REFUND_METHOD = "original_payment"  # as the seeded refunds
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CancellationQuote:
    """What cancelling an order would cost now; ``fee`` is None when it can't be cancelled."""

    order_id: int
    status: OrderStatus
    fee: Decimal | None
    currency: str

    @property
    def cancellable(self) -> bool:
        return self.fee is not None


@dataclass(frozen=True)
class CancellationResult:
    """The outcome of a cancellation request; ``quote`` describes the order before it."""

    quote: CancellationQuote
    cancelled: bool
    refund: Decimal | None = None  # what goes back to the customer; None: nothing was paid


def _quote(order: Order, policies: Policies) -> CancellationQuote:
    fee = policies.cancellation_fee(order.status)
    return CancellationQuote(
        order_id=order.id,
        status=order.status,
        fee=None if fee is None else fee.quantize(CENT),
        currency=order.currency,
    )


def cancellation_quote(
    session: Session, *, customer_id: int, order_id: int, policies: Policies
) -> CancellationQuote | None:
    """The fee to cancel ``order_id`` now; None when it is not ``customer_id``'s order."""
    order = owned_order(session, customer_id=customer_id, order_id=order_id)
    return None if order is None else _quote(order, policies)


def _captured(session: Session, order_id: int) -> Decimal:
    paid = session.scalar(
        select(func.coalesce(func.sum(Payment.amount), 0)).where(
            Payment.order_id == order_id, Payment.status == PaymentStatus.CAPTURED
        )
    )
    return Decimal(paid or 0)


def cancel_order(
    session: Session,
    *,
    customer_id: int,
    order_id: int,
    policies: Policies,
    conversation_id: str | None,
    now: datetime,
) -> CancellationResult | None:
    """Cancel ``order_id`` for ``customer_id`` if its status still allows it, and commit.

    None when it is not the customer's order. When the status doesn't allow a cancellation
    (shipped, delivered, already cancelled), nothing changes and ``cancelled`` is False.
    """
    order = owned_order(session, customer_id=customer_id, order_id=order_id, for_update=True)
    customer = active_customer(session, customer_id)
    if order is None or customer is None:
        return None
    quote = _quote(order, policies)
    if quote.fee is None:
        return CancellationResult(quote=quote, cancelled=False)
    fee = quote.fee
    paid = _captured(session, order.id)
    refund = paid - fee if paid > fee else None
    order.status = OrderStatus.CANCELLED
    order.cancelled_at = now
    if refund is not None:
        session.add(
            Refund(
                order_id=order.id,
                return_id=None,
                amount=refund,
                status=RefundStatus.PENDING,
                method=REFUND_METHOD,
                created_at=now,
                paid_at=None,
            )
        )
    money = policies.money
    details = {
        "order_id": order.id,
        "previous_status": quote.status,
        "fee": str(fee),
        "refund": None if refund is None else str(refund),
        "currency": order.currency,
    }
    session.add(
        BehaviourEvent(
            customer_id=customer.id,
            conversation_id=conversation_id,
            event_type=BehaviourEventType.ORDER_CANCELLED,
            product_id=None,
            occurred_at=now,
            properties={**details, "source": "chat"},
        )
    )
    lines = [f"Hello {customer.name},", "", f"your order {order.id} has been cancelled."]
    if fee:
        lines.append(f"A handling fee of {money(fee)} applies.")
    if refund is not None:
        lines.append(f"We will refund {money(refund)} {policies.refund.refund_method}.")
    lines += ["", f"Your {policies.shop_name} team"]
    queue_email(
        session,
        customer=customer,
        template="order_cancelled",
        subject=f"Your order {order.id} has been cancelled",
        body="\n".join(lines),
        payload=details,
        conversation_id=conversation_id,
        now=now,
    )
    session.commit()
    return CancellationResult(quote=quote, cancelled=True, refund=refund)
