"""A bigger catalogue for load and scale tests: line extensions of the Luma products.

Luma ships about 200 products; a shop under test has thousands. Each extra product is a
"collection" version of a Luma product (same category, image and sizes; its own name, SKU, price
and colours), so that categories, price ranges and product texts stay realistic and the text
embeddings still tell products apart. The same seed gives the same catalogue.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from itertools import product as cartesian

import numpy as np

from icrm_models.seed.catalogue import CatalogueProduct

COLLECTIONS = (
    "Alpine",
    "Coastal",
    "Desert",
    "Harbor",
    "Metro",
    "Nordic",
    "Prairie",
    "Ridge",
    "Studio",
    "Summit",
    "Tundra",
    "Urban",
)
EDITIONS = ("Classic", "Flex", "Lite", "Max", "Pro", "Select", "Sport", "Tech")
TAGLINES = {
    "Alpine": "Cut for cold mornings above the tree line.",
    "Coastal": "Salt- and wind-ready for seaside runs.",
    "Desert": "Light and breathable for dry heat.",
    "Harbor": "Relaxed fit for easy weekend wear.",
    "Metro": "Clean lines for training before work.",
    "Nordic": "Extra warmth for long winter sessions.",
    "Prairie": "Soft, durable fabric for open-air workouts.",
    "Ridge": "Reinforced where trails are roughest.",
    "Studio": "Quiet, stretchy and made for indoor classes.",
    "Summit": "Technical details for serious climbs.",
    "Tundra": "Insulated for the coldest days of the year.",
    "Urban": "Street-ready style with gym performance.",
}


def scale_catalogue(
    products: list[CatalogueProduct], target: int, *, seed: int = 42
) -> list[CatalogueProduct]:
    """``products`` followed by line extensions until there are ``target`` products.

    The originals keep their place (the demo's orders refer to them); ``target`` below their
    number is an error rather than a silent cut.
    """
    if not products:
        raise ValueError("the catalogue is empty: nothing to extend")
    if target < len(products):
        raise ValueError(
            f"products must be at least the catalogue's own {len(products)}, got {target}"
        )
    rng = np.random.default_rng(seed)
    variants = list(cartesian(COLLECTIONS, EDITIONS))
    scaled = list(products)
    taken = {p.name for p in products}
    extra = target - len(products)
    for n in range(extra):
        base = products[n % len(products)]
        round_ = n // len(products)
        collection, edition = variants[round_ % len(variants)]
        series = round_ // len(variants)
        name = f"{base.name} {collection} {edition}" + (f" {series + 2}" if series else "")
        unique, k = name, 2
        while unique in taken:  # Luma itself repeats a few names (one ball, three colours)
            unique, k = f"{name} {k}", k + 1
        taken.add(unique)
        price = Decimal(float(base.price) * rng.uniform(0.75, 1.35)).quantize(Decimal("1"))
        colors = tuple(c for c in base.colors if rng.random() < 0.7 or c == base.colors[0])
        scaled.append(
            replace(
                base,
                sku=f"{base.sku}-{collection[:3].upper()}{edition[:2].upper()}{n:05d}",
                name=unique,
                price=max(price, Decimal("5")),
                colors=colors,
                description=f"{TAGLINES[collection]} {base.description}",
                attributes={**base.attributes, "collection": collection},
            )
        )
    return scaled
