"""The customer beside the chat: what an agent needs to help, on one screen (the "360° view").

Only for a customer the chat VERIFIED (``live_cases.customer_id``); a guest has none, and the
console shows "guest, not verified". Everything comes from the shop's own functions, so the
agent sees what the assistant would answer: the ownership rule of orders, the after-sales
status of returns, the offers the assistant showed with their reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.active_accounts import active_customer
from icrm_models.after_sales.status import refund_cases
from icrm_models.db.schema import Offer, Order, Product, SupportTicket
from icrm_models.db.statuses import OrderStatus, RefundStatus, ReturnStatus, TicketStatus
from icrm_models.orders.owned import owned_by
from icrm_models.orders.recent import latest_orders
from icrm_models.orders.status import order_status
from icrm_models.settings import shop_currency

if TYPE_CHECKING:  # the scores come with pandas and the models: not imported for a type
    from icrm_models.offers.scoring import CustomerScores

RECENT = 5  # orders, returns, tickets and offers shown of each
OFFERS_WITHIN = timedelta(days=30)  # older offers say little about what the customer wants now


@dataclass(frozen=True)
class OrderLine:
    """One of the customer's recent orders with where its parcel is."""

    order_id: int
    placed_at: datetime
    status: str
    total: Decimal
    currency: str
    carrier: str | None = None
    tracking_number: str | None = None
    shipment_status: str | None = None
    last_scan: str | None = None  # the carrier's latest scan, e.g. "in transit, Leipzig hub"
    last_scan_at: datetime | None = None
    estimated_delivery: datetime | None = None


@dataclass(frozen=True)
class ReturnLine:
    """A return or refund not finished yet."""

    order_id: int
    return_status: str
    refund_status: str | None
    amount: Decimal | None
    currency: str


@dataclass(frozen=True)
class TicketLine:
    """A support ticket or complaint of the customer."""

    ticket_id: int
    category: str
    priority: str
    status: str
    summary: str
    order_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class OfferLine:
    """A product offered to the customer in a chat, and why."""

    product_id: int
    product_name: str
    reason: str
    status: str
    shown_at: datetime


@dataclass(frozen=True)
class Customer360:
    """What the console shows about a verified customer."""

    customer_id: int
    name: str
    first_name: str
    email: str
    account_type: str
    city: str | None
    country: str | None
    customer_since: datetime
    verified: bool  # always True here: a guest gets no Customer360 at all
    marketing_consent: bool
    newsletter_consent: bool
    order_count: int
    lifetime_spend: Decimal
    currency: str
    segment: str | None = None  # the stored segment's name, if segmentation ran
    propensity: float | None = None  # stored purchase propensity (0..1), if scored
    orders: list[OrderLine] = field(default_factory=list)  # newest first
    open_returns: list[ReturnLine] = field(default_factory=list)
    tickets: list[TicketLine] = field(default_factory=list)  # open first, then newest
    offers: list[OfferLine] = field(default_factory=list)  # newest first


def _orders(session: Session, customer_id: int, limit: int) -> list[OrderLine]:
    lines = []
    for recent in latest_orders(session, customer_id=customer_id, limit=limit):
        view = order_status(session, customer_id=customer_id, order_id=recent.order_id)
        if view is None:  # gone between the two reads
            continue
        scan = view.last_scan
        lines.append(
            OrderLine(
                order_id=view.order_id,
                placed_at=view.placed_at,
                status=view.status.value,
                total=view.total,
                currency=view.currency,
                carrier=view.carrier,
                tracking_number=view.tracking_number,
                shipment_status=view.shipment_status.value if view.shipment_status else None,
                last_scan=(scan.description + (f", {scan.location}" if scan.location else ""))
                if scan
                else None,
                last_scan_at=scan.occurred_at if scan else None,
                estimated_delivery=view.eta,
            )
        )
    return lines


def _open_returns(session: Session, customer_id: int) -> list[ReturnLine]:
    """Returns still moving and refunds not paid yet (a finished or rejected one is history)."""
    lines = []
    for case in refund_cases(session, customer_id=customer_id, limit=RECENT):
        finished_return = case.return_status in (None, ReturnStatus.REFUNDED, ReturnStatus.REJECTED)
        if finished_return and case.refund_status in (None, RefundStatus.PAID):
            continue
        lines.append(
            ReturnLine(
                order_id=case.order_id,
                return_status=case.return_status.value if case.return_status else "none",
                refund_status=case.refund_status.value if case.refund_status else None,
                amount=case.amount,
                currency=case.currency,
            )
        )
    return lines


def _tickets(session: Session, customer_id: int) -> list[TicketLine]:
    rows = session.scalars(
        select(SupportTicket)
        .where(SupportTicket.customer_id == customer_id)
        .order_by(
            (SupportTicket.status == TicketStatus.RESOLVED).asc(),
            SupportTicket.created_at.desc(),
            SupportTicket.id.desc(),
        )
        .limit(RECENT)
    )
    return [
        TicketLine(
            ticket_id=t.id,
            category=t.category,
            priority=t.priority,
            status=t.status.value,
            summary=t.summary,
            order_id=t.order_id,
            created_at=t.created_at,
        )
        for t in rows
    ]


def _offers(session: Session, customer_id: int, now: datetime) -> list[OfferLine]:
    rows = session.execute(
        select(Offer, Product.name)
        .join(Product, Product.id == Offer.product_id)
        .where(Offer.customer_id == customer_id, Offer.shown_at >= now - OFFERS_WITHIN)
        .order_by(Offer.shown_at.desc(), Offer.id.desc())
        .limit(RECENT)
    ).all()
    return [
        OfferLine(
            product_id=offer.product_id,
            product_name=name,
            reason=offer.reason,
            status=offer.status.value,
            shown_at=offer.shown_at,
        )
        for offer, name in rows
    ]


def _spend(session: Session, customer_id: int) -> tuple[int, Decimal, str]:
    """Orders placed, money spent on those not cancelled or credited, and their currency."""
    kept = Order.status.not_in([OrderStatus.CANCELLED, OrderStatus.CREDIT_NOTE])
    count, spent, currency = session.execute(
        select(
            func.count(Order.id),
            func.coalesce(func.sum(Order.total).filter(kept), 0),
            func.min(Order.currency),
        ).where(owned_by(customer_id))
    ).one()
    return int(count or 0), Decimal(spent or 0), currency or shop_currency()


def customer_360(
    session: Session,
    customer_id: int | None,
    *,
    now: datetime,
    scores: CustomerScores | None = None,
) -> Customer360 | None:
    """The 360° view of ``customer_id``; None for a guest (None) or an unknown/erased account.

    Segment and propensity are not stored in the database: they come from the promoted models'
    scores (``icrm_models.offers.scoring``), which a long-running caller keeps in a
    ``ScoreCache`` and passes here; without them both are None.
    """
    if customer_id is None:
        return None
    customer = active_customer(session, customer_id)
    if customer is None:
        return None
    order_count, spend, currency = _spend(session, customer_id)
    first_name = customer.name.split()[0] if customer.name.split() else ""
    return Customer360(
        customer_id=customer.id,
        name=customer.name,
        first_name=first_name,
        email=customer.email,
        account_type=customer.account_type,
        city=customer.city,
        country=customer.country,
        customer_since=customer.created_at,
        verified=True,
        marketing_consent=customer.marketing_consent,
        newsletter_consent=customer.newsletter_consent,
        order_count=order_count,
        lifetime_spend=spend,
        currency=currency,
        segment=(scores.segments.get(customer_id) or None) if scores else None,
        propensity=scores.propensity.get(customer_id) if scores else None,
        orders=_orders(session, customer_id, RECENT),
        open_returns=_open_returns(session, customer_id),
        tickets=_tickets(session, customer_id),
        offers=_offers(session, customer_id, now),
    )
