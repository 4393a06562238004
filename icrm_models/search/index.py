"""Semantic product search: free text against product-text embeddings, with hard filters.

Filters (price range, category, size, colour, in stock) narrow the candidates first; the
query embedding then ranks what is left by cosine similarity. With a few thousand products an
exact dot product is faster than any approximate index and never misses a match.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Self

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

from icrm_models.db.schema import Product
from icrm_models.recommend.item_text import product_text

Encode = Callable[[list[str]], np.ndarray]  # texts -> unit vectors


@dataclass(frozen=True)
class SearchFilters:
    """Hard constraints on results; None means "any"."""

    max_price: Decimal | None = None
    min_price: Decimal | None = None
    category: str | None = None  # a level or a path from the top, case-insensitive
    size: str | None = None
    color: str | None = None
    in_stock_only: bool = True


@dataclass(frozen=True)
class SearchHit:
    product_id: int
    name: str
    category: str
    price: Decimal
    similarity: float


def read_catalogue(engine: Engine) -> pd.DataFrame:
    """The active products with what the filters need, as they are in the database now."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Product.id,
                Product.name,
                Product.category,
                Product.description,
                Product.price,
                Product.stock,
                Product.sizes,
                Product.colors,
            ).where(Product.is_active)
        ).all()
    return pd.DataFrame(
        rows,
        columns=["id", "name", "category", "description", "price", "stock", "sizes", "colors"],
    )


def catalogue_texts(products: pd.DataFrame) -> list[str]:
    """The text embedded for each product (name, category, description), in row order."""
    return [product_text(r.name, r.category, r.description) for r in products.itertuples()]


class ProductIndex:
    """Product embeddings and attributes, built once, searched many times.

    Stock and prices are those of the build: :meth:`refreshed` makes a current one cheaply.
    """

    def __init__(self, products: pd.DataFrame, vectors: np.ndarray, encode: Encode) -> None:
        if len(products) != len(vectors):
            raise ValueError(f"{len(vectors)} vectors for {len(products)} products")
        self.products = products.reset_index(drop=True)
        self.vectors = vectors.astype(np.float32)
        self.encode = encode

    @classmethod
    def build(
        cls, engine: Engine, encode: Encode, *, encode_catalogue: Encode | None = None
    ) -> Self:
        """The index of every active product; ``encode_catalogue`` (e.g. a cached ``encode``)
        embeds the product texts, ``encode`` the queries."""
        products = read_catalogue(engine)
        texts = catalogue_texts(products)
        vectors = (
            (encode_catalogue or encode)(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        )
        return cls(products, vectors, encode)

    def refreshed(self, engine: Engine) -> Self:
        """This index rebuilt from the catalogue as it is now (stock, prices, new products).

        The filters read stock and prices from the index, so they are only as fresh as its
        build; the product vectors are the slow part, so unchanged texts keep theirs.
        """
        products = read_catalogue(engine)
        return type(self)(products, self._vectors_of(catalogue_texts(products)), self.encode)

    def _vectors_of(self, texts: list[str]) -> np.ndarray:
        """One vector per text: this index's for texts it holds, ``encode``'s for new ones."""
        known = dict(zip(catalogue_texts(self.products), self.vectors, strict=True))
        new = [text for text in dict.fromkeys(texts) if text not in known]
        if new:
            known.update(zip(new, np.asarray(self.encode(new), dtype=np.float32), strict=True))
        if not texts:
            return np.zeros((0, self.vectors.shape[1]), dtype=np.float32)
        return np.stack([known[text] for text in texts])

    def _mask(self, f: SearchFilters) -> np.ndarray:
        p = self.products
        mask = np.ones(len(p), dtype=bool)
        if f.max_price is not None:
            mask &= np.array([price <= f.max_price for price in p["price"]])
        if f.min_price is not None:
            mask &= np.array([price >= f.min_price for price in p["price"]])
        if f.category:
            wanted = f.category.lower()
            mask &= np.array(
                [
                    # A whole level ("jackets") or a path from the top ("men/tops"): never a
                    # substring, or "men" would match "women".
                    wanted in [part.lower() for part in c.split("/")]
                    or (c.lower() + "/").startswith(wanted.rstrip("/") + "/")
                    for c in p["category"]
                ]
            )
        if f.size:
            mask &= np.array([f.size.upper() in [s.upper() for s in sizes] for sizes in p["sizes"]])
        if f.color:
            mask &= np.array(
                [f.color.lower() in [c.lower() for c in colors] for colors in p["colors"]]
            )
        if f.in_stock_only:
            mask &= p["stock"].to_numpy() > 0
        return mask

    def _candidates(self, query: str, filters: SearchFilters, k: int) -> np.ndarray:
        """The rows passing ``filters``, once the query and ``k`` are checked (every search's)."""
        if not query.strip():
            raise ValueError("empty search query")
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        return np.flatnonzero(self._mask(filters))

    def search(
        self, query: str, filters: SearchFilters = SearchFilters(), k: int = 5
    ) -> list[SearchHit]:
        """The ``k`` products most similar to ``query`` among those passing ``filters``."""
        candidates = self._candidates(query, filters, k)
        if len(candidates) == 0:
            return []
        q = self.encode([query[:512]])[0]
        similarity = self.vectors[candidates] @ q
        best = candidates[np.argsort(-similarity, kind="stable")[:k]]
        rows = self.products.iloc[best]
        return [
            SearchHit(
                int(r.id),
                str(r.name),
                str(r.category),
                Decimal(r.price),
                float(self.vectors[i] @ q),
            )
            for i, r in zip(best, rows.itertuples(), strict=True)
        ]
