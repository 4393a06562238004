"""Shipments and their tracking events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from icrm_models.db.base import Base
from icrm_models.db.statuses import ShipmentStatus
from icrm_models.db.vocabulary import Vocabulary, one_of


class Shipment(Base):
    """A parcel of an order, with its carrier, tracking number and estimated arrival."""

    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    carrier: Mapped[str] = mapped_column(String(40))
    tracking_number: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[ShipmentStatus] = mapped_column(Vocabulary(ShipmentStatus))
    shipped_at: Mapped[datetime | None]
    eta: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]

    __table_args__ = (one_of(ShipmentStatus),)


class TrackingEvent(Base):
    """A scan of a parcel reported by the carrier."""

    __tablename__ = "tracking_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"))
    occurred_at: Mapped[datetime]
    status: Mapped[ShipmentStatus] = mapped_column(Vocabulary(ShipmentStatus))
    location: Mapped[str | None] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(255))

    __table_args__ = (
        Index("ix_tracking_events_shipment_time", "shipment_id", "occurred_at"),
        one_of(ShipmentStatus),
    )
