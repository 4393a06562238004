"""Where an order is in its life, as far as changing it is concerned.

Before shipment the warehouse can still change, re-address or cancel an order; once a parcel
has left, only a return is possible (see :class:`~icrm_models.db.statuses.OrderStatus`).
"""

from __future__ import annotations

from icrm_models.db.statuses import OrderStatus

BEFORE_SHIPMENT = frozenset({OrderStatus.PENDING, OrderStatus.PROCESSING})
SHIPPED = frozenset({OrderStatus.SHIPPED, OrderStatus.DELIVERED})


def is_before_shipment(status: str) -> bool:
    """True while the order has not left the warehouse (and was not cancelled or returned)."""
    return status in BEFORE_SHIPMENT
