"""``ProductIndex.refreshed``: the live catalogue's stock, prices and products, few encodings."""

from collections.abc import Iterator
from decimal import Decimal

import numpy as np
import pytest
from sqlalchemy import Engine, insert, update

from icrm_models.db.schema import Product
from icrm_models.search.index import (
    ProductIndex,
    SearchFilters,
    SearchHit,
    catalogue_texts,
)
from icrm_models.search.keyword_index import KeywordIndex
from tests.helpers.shop import seeded_shop

FRANKIE = 4  # "Frankie Sweatshirt", out of stock in the seeded shop
ABOMINABLE = 9  # "Abominable Hoodie", 69 in the seeded shop


class CountingEncode:
    """Stands in for sentence-transformers: a deterministic vector per text, texts counted."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.encoded.extend(texts)
        vectors = np.array([[len(t), sum(map(ord, t)) % 97, 1.0] for t in texts], dtype=float)
        return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A seeded shop of this test's own (the tests change its catalogue)."""
    engine = seeded_shop(tmp_path_factory, 1)
    yield engine
    engine.dispose()


def ids(hits: list[SearchHit]) -> set[int]:
    return {hit.product_id for hit in hits}


def add_gilet(shop: Engine) -> int:
    """A product added after the index was built; its id."""
    with shop.begin() as conn:
        return int(
            conn.execute(
                insert(Product)
                .values(
                    sku="NEW-GILET",
                    name="Kodiak Gilet",
                    description="A quilted gilet for cold mornings.",
                    category="Men/Tops/Jackets",
                    price=Decimal(80),
                    stock=3,
                    sizes=["M", "L"],
                    colors=["Black"],
                )
                .returning(Product.id)
            ).scalar_one()
        )


def set_product(shop: Engine, product_id: int, **values: object) -> None:
    with shop.begin() as conn:
        conn.execute(update(Product).where(Product.id == product_id).values(**values))


def test_a_restocked_product_is_found_once_the_index_is_refreshed(shop: Engine) -> None:
    index = KeywordIndex.from_catalogue(shop)
    assert FRANKIE not in ids(index.search("frankie sweatshirt"))
    set_product(shop, FRANKIE, stock=7)
    assert FRANKIE not in ids(index.search("frankie sweatshirt"))  # the build's stock
    fresh = index.refreshed(shop)
    assert isinstance(fresh, KeywordIndex)
    assert FRANKIE in ids(fresh.search("frankie sweatshirt"))


def test_a_new_product_is_found_once_the_index_is_refreshed(shop: Engine) -> None:
    index = KeywordIndex.from_catalogue(shop)
    gilet = add_gilet(shop)
    assert index.search("gilet") == []
    assert [hit.product_id for hit in index.refreshed(shop).search("gilet")] == [gilet]


def test_a_product_whose_price_dropped_under_the_limit_is_found(shop: Engine) -> None:
    under_30 = SearchFilters(max_price=Decimal(30))
    index = KeywordIndex.from_catalogue(shop)
    assert ABOMINABLE not in ids(index.search("abominable hoodie", under_30))
    set_product(shop, ABOMINABLE, price=Decimal("24.99"))
    hits = index.refreshed(shop).search("abominable hoodie", under_30)
    assert ABOMINABLE in ids(hits)
    assert all(hit.price <= 30 for hit in hits)


def test_a_refresh_encodes_only_new_or_edited_texts(shop: Engine) -> None:
    encode = CountingEncode()
    index = ProductIndex.build(shop, encode)
    assert len(encode.encoded) == len(index.products)
    gilet = add_gilet(shop)
    set_product(shop, 2, name="Teton Pullover Hoodie II")
    set_product(shop, FRANKIE, stock=7)
    encode.encoded.clear()
    fresh = index.refreshed(shop)
    assert sorted(encode.encoded) == sorted(
        [
            "Kodiak Gilet. Men/Tops/Jackets. A quilted gilet for cold mornings.",
            next(
                t
                for t in catalogue_texts(fresh.products)
                if t.startswith("Teton Pullover Hoodie II")
            ),
        ]
    )
    assert fresh.encode is encode
    old = dict(zip(index.products["id"], index.vectors, strict=True))
    new = dict(zip(fresh.products["id"], fresh.vectors, strict=True))
    for product_id in set(old) - {2}:
        np.testing.assert_array_equal(new[product_id], old[product_id])
    jackets = SearchFilters(category="Men/Tops/Jackets", size="L", color="Black")
    assert gilet in ids(fresh.search("gilet", jackets, k=50))
    assert FRANKIE in ids(fresh.search("sweatshirt", SearchFilters(category="Men"), k=200))


def test_a_catalogue_emptied_and_refilled_refreshes_too(shop: Engine) -> None:
    encode = CountingEncode()
    index = ProductIndex.build(shop, encode)
    with shop.begin() as conn:
        conn.execute(update(Product).values(is_active=False))
    empty = index.refreshed(shop)
    assert len(empty.products) == 0 and empty.search("hoodie") == []
    gilet = add_gilet(shop)
    assert ids(empty.refreshed(shop).search("gilet")) == {gilet}
