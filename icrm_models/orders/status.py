"""An order's status as the customer may see it: state, parcel, last scan and arrival estimate."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import OrderItem, Product, Shipment, TrackingEvent
from icrm_models.db.statuses import OrderStatus, ShipmentStatus
from icrm_models.orders.owned import owned_order
from icrm_models.orders.recent import latest_orders


@dataclass(frozen=True)
class TrackingScan:
    """The carrier's latest scan of a parcel."""

    occurred_at: datetime
    status: ShipmentStatus
    location: str | None
    description: str


@dataclass(frozen=True)
class OrderView:
    """What a verified customer is told about one of their orders (its ``status`` is an
    :class:`~icrm_models.db.statuses.OrderStatus`)."""

    order_id: int
    status: OrderStatus
    placed_at: datetime
    total: Decimal
    currency: str
    item_count: int
    first_item: str | None
    carrier: str | None = None
    tracking_number: str | None = None
    shipment_status: ShipmentStatus | None = None
    eta: datetime | None = None
    delivered_at: datetime | None = None
    last_scan: TrackingScan | None = None


def parse_order_number(text: str | None) -> int | None:
    """The order number in ``text`` ("#10023", " 10023 "), or None when it is not one."""
    if text is None:
        return None
    cleaned = str(text).strip().lstrip("#").strip()
    # isdecimal: ASCII and other scripts' digits (Arabic-Indic "١٠٠٢٣"), not "²" or "½".
    if not cleaned.isdecimal() or len(cleaned) > 12:
        return None
    return int(cleaned)


def order_status(session: Session, *, customer_id: int, order_id: int) -> OrderView | None:
    """The status of ``order_id`` if it belongs to ``customer_id``; None otherwise.

    Someone else's order and a non-existent one give the same None, so nothing leaks.
    """
    order = owned_order(session, customer_id=customer_id, order_id=order_id)
    if order is None:
        return None
    items = session.execute(
        select(func.sum(OrderItem.quantity), func.min(Product.name))
        .join(Product, Product.id == OrderItem.product_id)
        .where(OrderItem.order_id == order.id)
    ).one()
    base = OrderView(
        order_id=order.id,
        status=order.status,
        placed_at=order.placed_at,
        total=order.total,
        currency=order.currency,
        item_count=int(items[0] or 0),
        first_item=items[1],
    )
    shipment = session.execute(
        select(Shipment).where(Shipment.order_id == order.id).order_by(Shipment.id.desc()).limit(1)
    ).scalar_one_or_none()
    if shipment is None:
        return base
    scan = session.execute(
        select(TrackingEvent)
        .where(TrackingEvent.shipment_id == shipment.id)
        .order_by(TrackingEvent.occurred_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    return replace(
        base,
        carrier=shipment.carrier,
        tracking_number=shipment.tracking_number,
        shipment_status=shipment.status,
        eta=shipment.eta,
        delivered_at=shipment.delivered_at,
        last_scan=TrackingScan(scan.occurred_at, scan.status, scan.location, scan.description)
        if scan
        else None,
    )


def recent_orders(session: Session, *, customer_id: int, limit: int = 5) -> list[tuple[int, str]]:
    """The customer's latest orders as (order number, status), newest first (the shop's list).

    The same orders as :func:`~icrm_models.orders.recent.latest_orders`, in the shape the shop
    pages use.
    """
    orders = latest_orders(session, customer_id=customer_id, limit=limit)
    return [(order.order_id, order.status) for order in orders]
