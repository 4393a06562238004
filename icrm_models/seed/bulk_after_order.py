"""What follows the vectorised generator's orders: parcels and their scans, returns, tickets.

The vectorised counterpart of :mod:`icrm_models.seed.after_order` (which the per-customer
generator uses); invoices and payments are drawn with the orders themselves. Nothing is dated
after ``as_of``: the history ends there.
"""

from __future__ import annotations

import numpy as np

from icrm_models.db.statuses import RefundStatus, ReturnStatus, ShipmentStatus, TicketStatus
from icrm_models.seed.after_order import CARRIERS, FULL_TRACKING_DAYS, HUBS
from icrm_models.seed.bulk_shop import DAY, HOUR, BulkShop
from icrm_models.seed.rows import TableRows

RETURN_REASONS = ("wrong size", "not as pictured", "damaged", "changed my mind")
TICKETS = (
    ("delivery", "Parcel arrived later than promised."),
    ("product", "Item arrived damaged."),
    ("billing", "Charged twice for one order."),
    ("service", "Waited too long for an answer."),
)
# the order states that have a parcel, named as the parcel's status
SHIPPED = (ShipmentStatus.IN_TRANSIT, ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.DELIVERED)


class BulkAfterOrder:
    """Draws, for a chunk's orders at once, the rows that follow them."""

    def __init__(self, shop: BulkShop) -> None:
        self.shop = shop
        self.rng = shop.rng
        self.as_of = shop.as_of

    def status(self, age: np.ndarray) -> np.ndarray:
        """Order status by age in seconds (3 % cancelled; parcels arrive within ~116 hours)."""
        rng = self.rng
        hours = age / HOUR
        status = np.full(len(age), "delivered", dtype=object)
        status[hours < 116] = np.where(
            rng.random(int((hours < 116).sum())) < 0.5, "out_for_delivery", "in_transit"
        )
        status[hours < 60] = "in_transit"
        status[hours < 20] = "processing"
        status[rng.random(len(age)) < 0.03] = "cancelled"
        return status.astype(str)

    def shipments(
        self, order_ids: np.ndarray, placed: np.ndarray, status: np.ndarray, rows: TableRows
    ) -> None:
        """A parcel per shipped order and its scans up to ``as_of`` (old ones: delivery only)."""
        rng = self.rng
        at = np.flatnonzero(np.isin(status, SHIPPED))
        n = len(at)
        if n == 0:
            return
        ids = self.shop.counters.take_many("shipment", n)
        carrier = rng.integers(len(CARRIERS), size=n)
        shipped = placed[at] + rng.uniform(8, 20, n) * HOUR
        eta = shipped + rng.integers(2, 5, size=n) * DAY
        eta_day = eta - np.mod(eta + self.shop.midnight_offset(), DAY)  # the ETA's midnight (UTC)
        delivered = status[at] == "delivered"
        delivered_at = np.where(delivered, eta - rng.uniform(0, 20, n) * HOUR, np.nan)
        suffix = rng.integers(100, 999, size=n)
        self.shop.emit(
            rows,
            "shipments",
            {
                "id": ids.tolist(),
                "order_id": order_ids[at].tolist(),
                "carrier": [CARRIERS[c] for c in carrier],
                "tracking_number": [
                    f"{CARRIERS[c][:2]}{o:08d}{s}"
                    for c, o, s in zip(carrier, order_ids[at].tolist(), suffix, strict=True)
                ],
                "status": status[at].tolist(),
                "shipped_at": self.shop.datetimes(shipped),
                "eta": self.shop.datetimes(eta_day + 18 * HOUR),
                "delivered_at": self.shop.datetimes(delivered_at, where=delivered),
            },
            times=("shipped_at", "eta", "delivered_at"),
        )
        hub = [HUBS[h] for h in rng.integers(len(HUBS), size=n)]
        out_for_delivery = np.isin(
            status[at], (ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.DELIVERED)
        )
        old = delivered & (self.as_of - np.nan_to_num(delivered_at) > FULL_TRACKING_DAYS * DAY)
        scans = [  # (which parcels, when, status, at hub, description)
            (~old, shipped, ShipmentStatus.LABEL_CREATED, False, "Shipping label created"),
            (~old, shipped + 5 * HOUR, ShipmentStatus.IN_TRANSIT, True, "Parcel arrived at hub"),
            (~old, shipped + 20 * HOUR, ShipmentStatus.IN_TRANSIT, True, "Parcel left the hub"),
            (
                out_for_delivery & ~old,
                eta_day + 7 * HOUR + 40 * 60,
                ShipmentStatus.OUT_FOR_DELIVERY,
                False,
                "Out for delivery",
            ),
            (delivered, np.nan_to_num(delivered_at), ShipmentStatus.DELIVERED, False, "Delivered"),
        ]
        parcel, when, kind, at_hub, text = [], [], [], [], []
        for which, times, scan, is_hub, description in scans:
            keep = np.flatnonzero(which & (times <= self.as_of))
            parcel.append(keep)
            when.append(times[keep])
            kind += [scan] * len(keep)
            at_hub.append(np.full(len(keep), is_hub))
            text += [description] * len(keep)
        parcels, moments = np.concatenate(parcel), np.concatenate(when)
        hubs = np.concatenate(at_hub)
        order = np.lexsort((moments, parcels))
        self.shop.emit(
            rows,
            "tracking_events",
            {
                "id": self.shop.counters.take_many("tracking", len(order)).tolist(),
                "shipment_id": ids[parcels[order]].tolist(),
                "occurred_at": self.shop.datetimes(moments[order]),
                "status": [kind[i] for i in order],
                "location": [hub[parcels[i]] if hubs[i] else None for i in order],
                "description": [text[i] for i in order],
            },
            times=("occurred_at",),
        )

    def returns(
        self,
        customer_ids: np.ndarray,
        order_ids: np.ndarray,
        placed: np.ndarray,
        returned: np.ndarray,
        lines: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
        rows: TableRows,
    ) -> None:
        """One returned line per returning order, refunded if it was all over by ``as_of``."""
        rng = self.rng
        line_order, line_ids, unit, quantity = lines
        first = np.searchsorted(line_order, returned)
        n_lines = np.searchsorted(line_order, returned, side="right") - first
        line = first + (rng.random(len(returned)) * n_lines).astype(np.int64)
        requested = placed[returned] + rng.uniform(4, 14, len(returned)) * DAY
        reason = rng.integers(len(RETURN_REASONS), size=len(returned))
        done = requested + 5 * DAY <= self.as_of  # requested, received and refunded by as_of
        line, requested, reason = line[done], requested[done], reason[done]
        customer_ids, returned = customer_ids[done], returned[done]
        n = len(line)
        if n == 0:
            return
        return_ids = self.shop.counters.take_many("ret", n)
        received = self.shop.datetimes(requested + 3 * DAY)
        self.shop.emit(
            rows,
            "returns",
            {
                "id": return_ids.tolist(),
                "order_id": order_ids[returned].tolist(),
                "customer_id": customer_ids.tolist(),
                "order_item_id": line_ids[line].tolist(),
                "quantity": quantity[line].tolist(),
                "reason": [RETURN_REASONS[r] for r in reason],
                "status": [ReturnStatus.REFUNDED] * n,
                "requested_at": self.shop.datetimes(requested),
                "received_at": received,
            },
            times=("requested_at", "received_at"),
        )
        self.shop.emit(
            rows,
            "refunds",
            {
                "id": self.shop.counters.take_many("refund", n).tolist(),
                "order_id": order_ids[returned].tolist(),
                "return_id": return_ids.tolist(),
                "amount": unit[line] * quantity[line],
                "status": [RefundStatus.PAID] * n,
                "method": ["original_payment"] * n,
                "created_at": received,
                "paid_at": self.shop.datetimes(requested + 5 * DAY),
            },
            times=("created_at", "paid_at"),
            money=("amount",),
        )

    def tickets(
        self,
        ids: np.ndarray,
        owner: np.ndarray,
        order_ids: np.ndarray,
        placed: np.ndarray,
        at: np.ndarray,
        rows: TableRows,
    ) -> None:
        """Support tickets a few days after some orders (more often from churn-prone customers)."""
        rng = self.rng
        kind = rng.integers(len(TICKETS), size=len(at))
        created = placed[at] + rng.uniform(2, 10, len(at)) * DAY
        keep = created <= self.as_of
        at, kind, created = at[keep], kind[keep], created[keep]
        n = len(at)
        if n == 0:
            return
        self.shop.emit(
            rows,
            "support_tickets",
            {
                "id": self.shop.counters.take_many("ticket", n).tolist(),
                "customer_id": ids[owner[at]].tolist(),
                "order_id": order_ids[at].tolist(),
                "category": [TICKETS[k][0] for k in kind],
                "priority": ["high" if TICKETS[k][0] == "billing" else "normal" for k in kind],
                "status": [TicketStatus.RESOLVED] * n,
                "summary": [TICKETS[k][1] for k in kind],
                "conversation_id": [None] * n,
                "created_at": self.shop.datetimes(created),
                "resolved_at": self.shop.datetimes(created + DAY),
            },
            times=("created_at", "resolved_at"),
        )
