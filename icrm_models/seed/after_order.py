"""What follows an order: invoice and payment, the parcel and its scans, returns, tickets.

Nothing is dated after ``as_of``: the history ends there.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from icrm_models.db.statuses import (
    InvoiceStatus,
    PaymentStatus,
    RefundStatus,
    ReturnStatus,
    ShipmentStatus,
    TicketStatus,
)
from icrm_models.seed.rows import Counters, Rows

CARRIERS = ("DHL", "UPS", "DPD", "GLS")
HUBS = ("Leipzig hub", "Cologne hub", "Paris Nord hub", "Venlo hub", "Milan hub")
FULL_TRACKING_DAYS = 30  # older delivered orders keep only their delivery scan


class AfterOrder:
    """Generates the rows that follow an order, with the shop's random generator and ids."""

    def __init__(self, rng: np.random.Generator, counters: Counters, as_of: datetime) -> None:
        self.rng = rng
        self.counters = counters
        self.as_of = as_of

    def billing(
        self,
        customer_id: int,
        order_id: int,
        placed_at: datetime,
        total: Decimal,
        method: str,
        status: str,
        rows: Rows,
    ) -> None:
        cancelled = status == "cancelled"
        rows.setdefault("invoices", []).append(
            {
                "id": self.counters.take("invoice"),
                "number": f"INV-{order_id:06d}",
                "order_id": order_id,
                "customer_id": customer_id,
                "issued_at": placed_at,
                "amount": total,
                "status": InvoiceStatus.VOID if cancelled else InvoiceStatus.PAID,
            }
        )
        rows.setdefault("payments", []).append(
            {
                "id": self.counters.take("payment"),
                "order_id": order_id,
                "method": method,
                "status": PaymentStatus.REFUNDED if cancelled else PaymentStatus.CAPTURED,
                "amount": total,
                "created_at": placed_at,
            }
        )

    def shipment(self, order_id: int, placed_at: datetime, status: str, rows: Rows) -> None:
        rng = self.rng
        shipment_id = self.counters.take("shipment")
        carrier = CARRIERS[rng.integers(len(CARRIERS))]
        shipped_at = placed_at + timedelta(hours=float(rng.uniform(8, 20)))
        eta = shipped_at + timedelta(days=int(rng.integers(2, 5)))
        delivered = status in ("delivered", "delivered_return")
        delivered_at = eta - timedelta(hours=float(rng.uniform(0, 20))) if delivered else None
        ship_status = (
            ShipmentStatus.DELIVERED
            if delivered
            else ShipmentStatus.IN_TRANSIT
            if status == "shipped"
            else ShipmentStatus(status)
        )
        rows.setdefault("shipments", []).append(
            {
                "id": shipment_id,
                "order_id": order_id,
                "carrier": carrier,
                "tracking_number": f"{carrier[:2]}{order_id:08d}{int(rng.integers(100, 999))}",
                "status": ship_status,
                "shipped_at": shipped_at,
                "eta": eta.replace(hour=18, minute=0),
                "delivered_at": delivered_at,
            }
        )
        hub = HUBS[rng.integers(len(HUBS))]
        scans = [
            (shipped_at, ShipmentStatus.LABEL_CREATED, None, "Shipping label created"),
            (
                shipped_at + timedelta(hours=5),
                ShipmentStatus.IN_TRANSIT,
                hub,
                "Parcel arrived at hub",
            ),
            (
                shipped_at + timedelta(hours=20),
                ShipmentStatus.IN_TRANSIT,
                hub,
                "Parcel left the hub",
            ),
        ]
        if ship_status in (ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.DELIVERED):
            scans.append(
                (
                    eta.replace(hour=7, minute=40),
                    ShipmentStatus.OUT_FOR_DELIVERY,
                    None,
                    "Out for delivery",
                )
            )
        if delivered_at is not None:
            scans.append((delivered_at, ShipmentStatus.DELIVERED, None, "Delivered"))
            if self.as_of - delivered_at > timedelta(days=FULL_TRACKING_DAYS):
                scans = scans[-1:]
        now = self.as_of
        for occurred_at, scan_status, location, description in scans:
            if occurred_at <= now:
                rows.setdefault("tracking_events", []).append(
                    {
                        "id": self.counters.take("tracking"),
                        "shipment_id": shipment_id,
                        "occurred_at": occurred_at,
                        "status": scan_status,
                        "location": location,
                        "description": description,
                    }
                )

    def returned(
        self,
        customer_id: int,
        order_id: int,
        placed_at: datetime,
        item_rows: list[dict[str, Any]],
        status: str,
        rows: Rows,
    ) -> None:
        rng = self.rng
        item = item_rows[int(rng.integers(len(item_rows)))]
        requested_at = placed_at + timedelta(days=float(rng.uniform(4, 14)))
        recent = status == "delivered_return"
        if recent:
            requested_at = min(requested_at, self.as_of - timedelta(days=1))
        elif requested_at + timedelta(days=5) > self.as_of:
            return  # would be requested, received or refunded after the end of the history
        return_id = self.counters.take("ret")
        ret_status = ReturnStatus.RECEIVED if recent else ReturnStatus.REFUNDED
        received_at = requested_at + timedelta(days=3) if not recent else requested_at
        reason = ("wrong size", "not as pictured", "damaged", "changed my mind")[
            int(rng.integers(4))
        ]
        rows.setdefault("returns", []).append(
            {
                "id": return_id,
                "order_id": order_id,
                "customer_id": customer_id,
                "order_item_id": item["id"],
                "quantity": item["quantity"],
                "reason": reason,
                "status": ret_status,
                "requested_at": requested_at,
                "received_at": received_at,
            }
        )
        rows.setdefault("refunds", []).append(
            {
                "id": self.counters.take("refund"),
                "order_id": order_id,
                "return_id": return_id,
                "amount": item["unit_price"] * item["quantity"],
                "status": RefundStatus.PROCESSING if recent else RefundStatus.PAID,
                "method": "original_payment",
                "created_at": received_at,
                "paid_at": None if recent else received_at + timedelta(days=2),
            }
        )

    def ticket(self, customer_id: int, order_id: int, placed_at: datetime, rows: Rows) -> None:
        category, summary = (
            ("delivery", "Parcel arrived later than promised."),
            ("product", "Item arrived damaged."),
            ("billing", "Charged twice for one order."),
            ("service", "Waited too long for an answer."),
        )[int(self.rng.integers(4))]
        created = placed_at + timedelta(days=float(self.rng.uniform(2, 10)))
        if created > self.as_of:
            return
        rows.setdefault("support_tickets", []).append(
            {
                "id": self.counters.take("ticket"),
                "customer_id": customer_id,
                "order_id": order_id,
                "category": category,
                "priority": "high" if category == "billing" else "normal",
                "status": TicketStatus.RESOLVED,
                "summary": summary,
                "conversation_id": None,
                "created_at": created,
                "resolved_at": created + timedelta(days=1),
            }
        )
