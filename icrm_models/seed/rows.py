"""Rows of generated data per table, and the id counters that number them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Rows = dict[str, list[dict[str, Any]]]
FIRST_ORDER_ID = 10001


@dataclass
class Counters:
    """Next id per table; order numbers start at 10001 like a shop's."""

    order: int = FIRST_ORDER_ID
    item: int = 1
    shipment: int = 1
    tracking: int = 1
    ret: int = 1
    refund: int = 1
    invoice: int = 1
    payment: int = 1
    ticket: int = 1
    event: int = 1
    reserved_orders: frozenset[int] = frozenset()

    def take(self, name: str) -> int:
        """The next free id of ``name`` (order numbers skip ``reserved_orders``)."""
        value: int = getattr(self, name)
        while name == "order" and value in self.reserved_orders:
            value += 1
        setattr(self, name, value + 1)
        return value
