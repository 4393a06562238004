"""Synthetic customers whose behaviour follows hidden preferences, generated chunk by chunk.

Each customer gets a persona and hidden traits (favourite categories, price sensitivity, purchase
rate, churn tendency). Orders arrive as a seasonal Poisson process until the customer churns;
products are picked by category preference, price sensitivity and popularity. The traits are
written to ``synthetic_truth`` so that segments, propensity and recommendations learnt from the
orders can be checked against what really drove them. The same seed gives the same data.

The first :data:`ONE_AT_A_TIME` customers (the demo personas with their showcase orders among
them) are drawn one at a time (:mod:`icrm_models.seed.one_by_one`), so the demo shop and every
test fixture keep the exact data they always had; everyone after them is drawn by the vectorised
:mod:`icrm_models.seed.bulk`, which follows the same behavioural model about a hundred times
faster. Both draw from one :class:`icrm_models.seed.shop.ShopState` (catalogue, random
generator, id counters).

Memory is bounded by ``chunk_size`` customers: rows are yielded per chunk and never kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from icrm_models.seed.bulk import BulkGenerator
from icrm_models.seed.catalogue import IMAGE_BASE_URL, CatalogueProduct
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.one_by_one import OneByOneGenerator
from icrm_models.seed.rows import Rows, TableRows
from icrm_models.seed.shop import ShopState

# Customers drawn one at a time (about two seconds); the vectorised generator draws the rest.
ONE_AT_A_TIME = 2000


class SyntheticShop:
    """Generates the shop's history for ``config.customers`` customers over a product list.

    ``products`` are ``(product_id, CatalogueProduct)`` as stored in the database.
    """

    def __init__(self, products: list[tuple[int, CatalogueProduct]], config: SeedConfig) -> None:
        self.config = config
        self.state = ShopState(products, config)
        self.rng = self.state.rng
        self.products = products
        self.one_by_one = OneByOneGenerator(self.state)
        self.bulk = BulkGenerator(self.state)

    def product_rows(self) -> list[dict[str, Any]]:
        """Rows of the ``products`` table (stock drawn from the seed, a few items sold out)."""
        rows = []
        for product_id, p in self.products:
            stock = 0 if self.rng.random() < 0.05 else int(self.rng.integers(5, 400))
            rows.append(
                {
                    "id": product_id,
                    "sku": p.sku,
                    "name": p.name,
                    "description": p.description,
                    "category": p.category,
                    "price": p.price,
                    "stock": stock,
                    "sizes": list(p.sizes),
                    "colors": list(p.colors),
                    "image_url": f"{IMAGE_BASE_URL}{p.image}" if p.image else None,
                    "attributes": p.attributes,
                    "is_active": True,
                }
            )
        return rows

    def chunks(self) -> Iterator[TableRows]:
        """Rows for every table, ``chunk_size`` customers at a time."""
        total = self.config.customers
        for start in range(1, total + 1, self.config.chunk_size):
            stop = min(start + self.config.chunk_size, total + 1)
            first: Rows = {}
            one_by_one = min(stop, ONE_AT_A_TIME + 1)
            for customer_id in range(start, one_by_one):
                self.one_by_one.customer(customer_id, first)
            rows: TableRows = dict(first)
            self.bulk.customers(np.arange(max(start, one_by_one), stop), rows)
            yield rows
