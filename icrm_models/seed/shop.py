"""What both customer generators share: the catalogue, the random generator and the id counters.

The per-customer generator (:mod:`icrm_models.seed.one_by_one`) and the vectorised one
(:mod:`icrm_models.seed.bulk`) draw from one :class:`ShopState`, in turn, so that the same
seed gives the same data however the customers are split between them. Neither generator
knows the other, nor :class:`icrm_models.seed.synthetic.SyntheticShop` that runs them.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from icrm_models.seed.catalogue import CatalogueProduct
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.demo import DEMO_ORDER_IDS
from icrm_models.seed.rows import Counters
from icrm_models.seed.traits import rebuy_rate


class ShopState:
    """The products by category with their popularity and rebuy rates, the seeded random
    generator and the id counters, for one seeding run.

    ``products`` are ``(product_id, CatalogueProduct)`` as stored in the database.
    """

    def __init__(self, products: list[tuple[int, CatalogueProduct]], config: SeedConfig) -> None:
        if not products:
            raise ValueError("the catalogue is empty: load products before generating customers")
        self.config = config
        self.products = products
        self.rng = np.random.default_rng(config.seed)
        self.counters = Counters(reserved_orders=frozenset(DEMO_ORDER_IDS.values()))
        self.categories = sorted({p.category for _, p in products})
        self.by_category = {
            c: [i for i, (_, p) in enumerate(products) if p.category == c] for c in self.categories
        }
        self._prices = np.array([max(float(p.price), 1.0) for _, p in products])
        # Some products are simply more popular than others (Zipf-like, fixed by the seed).
        self._popularity = self.rng.pareto(1.5, len(products)) + 1.0
        self.rebuy_rates = [rebuy_rate(p) for _, p in products]
        self._cumulative_cache: dict[tuple[str, int], np.ndarray] = {}
        self.history_start = config.as_of - timedelta(days=config.history_days)

    def category_cumulative(self, category: str, sensitivity: float) -> np.ndarray:
        """Cumulative pick weights in a category: popularity damped by price sensitivity.

        Cached per sensitivity step of 0.05, which keeps generation fast at a million customers.
        """
        key = (category, round(sensitivity * 20))
        cached = self._cumulative_cache.get(key)
        if cached is None:
            candidates = self.by_category[category]
            prices = self._prices[candidates]
            score = self._popularity[candidates] * np.exp(
                -3.0 * (key[1] / 20) * prices / prices.mean()
            )
            cached = self._cumulative_cache[key] = np.cumsum(score)
        return cached
