"""The Luma catalogue shipped in ``data/catalog/``, a licensed subset of Magento's sample data."""

from __future__ import annotations

import csv
import html
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

DEFAULT_CATALOGUE_DIR = Path(__file__).resolve().parents[2] / "data" / "catalog"
IMAGE_BASE_URL = "/static/products"


@dataclass(frozen=True)
class CatalogueProduct:
    """One product as read from the catalogue file."""

    sku: str
    name: str
    category: str
    price: Decimal
    sizes: tuple[str, ...]
    colors: tuple[str, ...]
    image: str
    description: str
    attributes: dict[str, str]

    @property
    def department(self) -> str:
        """The top-level shop: Men, Women, Gear or Training."""
        return self.category.split("/")[0]


def read_catalogue(directory: Path = DEFAULT_CATALOGUE_DIR) -> list[CatalogueProduct]:
    """Every product of ``directory/luma_products.csv``; a clear error when it is missing."""
    path = directory / "luma_products.csv"
    if not path.exists():
        raise FileNotFoundError(f"catalogue file not found: {path}")
    return list(_rows(path))


def _rows(path: Path) -> Iterator[CatalogueProduct]:
    with path.open(newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            try:
                price = Decimal(row["price"])
            except ArithmeticError as exc:
                raise ValueError(f"{path}:{line}: bad price {row['price']!r}") from exc
            attributes = dict(
                part.split("=", 1) for part in row["attributes"].split(";") if "=" in part
            )
            yield CatalogueProduct(
                sku=row["sku"],
                # The Luma export writes "HeatTec&reg;": customers should read "HeatTec®".
                name=html.unescape(row["name"]),
                category=row["category"],
                price=price,
                sizes=tuple(s for s in row["sizes"].split("|") if s),
                colors=tuple(c for c in row["colors"].split("|") if c),
                image=row["image"],
                description=row["description"],
                attributes=attributes,
            )
