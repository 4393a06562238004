"""Put orders of the seeded shop into the state a test needs (delivered on a given day, ...).

Tests say the facts they rely on here instead of depending on what the generator drew.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Order, Payment, Shipment


def deliver(session: Session, order_id: int, at: datetime) -> None:
    """Mark ``order_id`` delivered at ``at`` (its parcel too; one is made if it has none)."""
    order = session.get(Order, order_id)
    assert order is not None, f"no order {order_id} in the seeded shop"
    order.status = "delivered"
    shipments = session.scalars(select(Shipment).where(Shipment.order_id == order_id)).all()
    if not shipments:
        shipments = [
            Shipment(
                order_id=order_id,
                carrier="DHL",
                tracking_number=f"TEST{order_id}",
                status="delivered",
                shipped_at=at,
                eta=at,
                delivered_at=at,
            )
        ]
        session.add_all(shipments)
    for shipment in shipments:
        shipment.status = "delivered"
        shipment.delivered_at = at
    session.commit()


def other_orders(session: Session, customer_id: int, *, besides: int) -> list[int]:
    """The customer's other orders, newest first."""
    return list(
        session.scalars(
            select(Order.id)
            .where(Order.customer_id == customer_id, Order.id != besides)
            .order_by(Order.placed_at.desc())
        )
    )


def fail_payment(session: Session, order_id: int, at: datetime) -> None:
    """Add a failed payment attempt to ``order_id`` at ``at``."""
    order = session.get(Order, order_id)
    assert order is not None
    session.add(
        Payment(
            order_id=order_id, method="card", status="failed", amount=order.total, created_at=at
        )
    )
    session.commit()
