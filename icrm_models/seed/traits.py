"""The hidden traits synthetic customers are drawn from: personas, seasons, rebuy rates.

Shared by the per-customer generator (the demo personas) and the vectorised one (everyone else).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from icrm_models.seed.catalogue import CatalogueProduct

PAYMENT_METHODS = ("card", "paypal", "bank_transfer", "invoice")
# Order volume by month (Jan..Dec): a spring lift and a strong Nov/Dec peak.
MONTH_SEASONALITY = (0.8, 0.7, 0.9, 1.0, 1.1, 1.1, 1.0, 0.9, 1.0, 1.1, 1.5, 1.8)
WARM = ("Jackets", "Hoodies & Sweatshirts", "Pants")
COOL = ("Shorts", "Tanks", "Bras & Tanks", "Tees")
FUTURE_DAYS = 90  # how far past as_of orders are drawn (for the propensity truth)


@dataclass(frozen=True)
class Persona:
    """An archetype the hidden traits are drawn around."""

    name: str
    share: float
    orders_per_year: float
    price_sensitivity: float
    churn_tendency: float
    marketing_consent: float


PERSONAS = (
    Persona("loyal_big_spender", 0.12, 9.0, 0.15, 0.05, 0.8),
    Persona("regular", 0.33, 4.0, 0.45, 0.2, 0.6),
    Persona("bargain_hunter", 0.25, 3.5, 0.9, 0.3, 0.7),
    Persona("occasional", 0.2, 1.2, 0.5, 0.4, 0.4),
    Persona("churner", 0.1, 3.5, 0.5, 0.95, 0.5),
)


def season_weight(category: str, month: int) -> float:
    """Warm clothes sell in winter, light ones in summer."""
    leaf = category.split("/")[-1]
    winter = math.cos((month - 1) / 12 * 2 * math.pi)  # +1 in January, -1 in July
    if leaf in WARM:
        return 1.0 + 0.6 * winter
    if leaf in COOL:
        return 1.0 - 0.6 * winter
    return 1.0


def rebuy_rate(product: CatalogueProduct) -> float:
    """How likely a customer buys this again: consumable gear yes, apparel rarely."""
    if product.department == "Gear" and "Fitness" in product.category:
        return 0.25
    if product.department == "Gear":
        return 0.08
    return 0.03
