"""What ``icrm seed`` generates: the number of customers, the seed, the timeline, the catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from icrm_models.settings import shop_currency


@dataclass(frozen=True)
class SeedConfig:
    """What to generate. ``as_of`` anchors the timeline: history ends there."""

    customers: int = 1000
    seed: int = 42
    as_of: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    history_days: int = 730
    chunk_size: int = 2000
    products: int = 0  # 0: the catalogue as shipped; more: grown by line extensions
    basket_items: float = 1.6  # mean products picked per order (1 + Poisson(basket_items - 1))
    currency: str = field(default_factory=shop_currency)  # of the orders

    def __post_init__(self) -> None:
        if self.customers < 1:
            raise ValueError(f"customers must be at least 1, got {self.customers}")
        if self.basket_items < 1:
            raise ValueError(f"basket_items must be at least 1, got {self.basket_items}")
        if self.products < 0:
            raise ValueError(f"products must be 0 or more, got {self.products}")
        if self.as_of.tzinfo is None:
            raise ValueError("as_of must be timezone-aware")
        if self.history_days < 30:
            raise ValueError(f"history_days must be at least 30, got {self.history_days}")
