"""Where an order is in its life, as far as changing it is concerned.

Before shipment the warehouse can still change, re-address or cancel an order; once a parcel
has left, only a return is possible. The statuses are those of ``icrm_models.db.tables.orders``.
"""

from __future__ import annotations

BEFORE_SHIPMENT = frozenset({"pending", "processing"})
SHIPPED = frozenset({"shipped", "delivered"})


def is_before_shipment(status: str) -> bool:
    """True while the order has not left the warehouse (and was not cancelled or returned)."""
    return status in BEFORE_SHIPMENT
