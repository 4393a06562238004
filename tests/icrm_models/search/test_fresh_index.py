"""Product indexes follow the live catalogue: rebuilt in the background when old."""

import logging
import threading
from collections.abc import Iterator

import numpy as np
import pytest
from sqlalchemy import Engine, text, update

from icrm_models.db.schema import Product
from icrm_models.search import serving as search_serving
from icrm_models.search.fresh_index import FreshIndex
from icrm_models.search.index import ProductIndex
from icrm_models.search.keyword_index import KeywordIndex
from icrm_models.search.serving import ProductSearchIndex
from tests.helpers.shop import seeded_shop

FRANKIE = 4  # "Frankie Sweatshirt", out of stock in the seeded shop
SAFETY_S = 30.0  # only so that a broken test fails instead of hanging


@pytest.fixture
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A seeded shop of this test's own (the tests change its catalogue)."""
    engine = seeded_shop(tmp_path_factory, 12)
    yield engine
    engine.dispose()


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def fake_encode(texts: list[str]) -> np.ndarray:
    """A deterministic unit vector per text (stands in for sentence-transformers)."""
    vectors = np.array([[len(t), sum(map(ord, t)) % 97, 1.0] for t in texts], dtype=float)
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def set_product(shop: Engine, product_id: int, **values: object) -> None:
    with shop.begin() as conn:
        conn.execute(update(Product).where(Product.id == product_id).values(**values))


def in_stock(index: ProductIndex, product_id: int) -> bool:
    return bool(index.products.set_index("id").loc[product_id, "stock"] > 0)


def keyword_index(shop: Engine, clock: Clock, max_age_s: float = 60.0) -> FreshIndex[KeywordIndex]:
    return FreshIndex(
        "keyword product search",
        lambda: KeywordIndex.from_catalogue(shop),
        shop,
        max_age_s=max_age_s,
        clock=clock,
    )


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Rebuilds (``refreshed``) hold until the test sets this event."""
    opened = threading.Event()
    original = ProductIndex.refreshed

    def held(self: ProductIndex, live: Engine) -> ProductIndex:
        assert opened.wait(SAFETY_S)
        return original(self, live)

    monkeypatch.setattr(ProductIndex, "refreshed", held)
    yield opened
    opened.set()


def test_an_index_older_than_the_max_age_is_rebuilt_from_the_live_catalogue(
    shop: Engine,
) -> None:
    clock = Clock()
    fresh = keyword_index(shop, clock)
    first = fresh.wait(None)
    assert first is not None and not in_stock(first, FRANKIE)
    set_product(shop, FRANKIE, stock=5)
    assert fresh.current() is first and fresh.settle(SAFETY_S)
    assert fresh.current() is first  # not old enough yet: no rebuild
    clock.now += 60
    assert fresh.current() is first  # the rebuild is under way; the old index serves
    assert fresh.settle(SAFETY_S)
    second = fresh.current()
    assert second is not first and second is not None and in_stock(second, FRANKIE)
    assert FRANKIE in {hit.product_id for hit in second.search("frankie sweatshirt")}


def test_a_failing_rebuild_keeps_the_old_index_serving_and_says_why(
    shop: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    fresh = keyword_index(shop, clock)
    first = fresh.wait(None)
    assert first is not None
    with shop.begin() as conn:
        conn.execute(text("ALTER TABLE products RENAME TO products_away"))
    clock.now += 60
    with caplog.at_level(logging.ERROR):
        assert fresh.current() is first and fresh.settle(SAFETY_S)
    assert fresh.current() is first and fresh.error is not None
    assert "keyword product search not refreshed" in caplog.text
    assert "no such table: products" in caplog.text and "keeps serving" in caplog.text
    assert first.search("hoodie")  # still answers
    with shop.begin() as conn:
        conn.execute(text("ALTER TABLE products_away RENAME TO products"))
    assert fresh.current() is first and fresh.settle(SAFETY_S)  # no retry before the max age
    clock.now += 60
    fresh.current()
    assert fresh.settle(SAFETY_S) and fresh.current() is not first and fresh.error is None


def test_a_search_does_not_wait_for_a_rebuild(
    shop: Engine, monkeypatch: pytest.MonkeyPatch, gate: threading.Event
) -> None:
    """The semantic index (fake encoder) is rebuilt on every search here (max age 0)."""
    monkeypatch.setattr(
        search_serving, "build_semantic_index", lambda *_: ProductIndex.build(shop, fake_encode)
    )
    search = ProductSearchIndex(shop, None, None, max_age_s=0)
    first = search.get(SAFETY_S)  # the first build is waited for (up to wait_s)
    assert not isinstance(first, KeywordIndex) and not in_stock(first, FRANKIE)
    set_product(shop, FRANKIE, stock=5)
    assert search.get(SAFETY_S) is first  # starts a rebuild, which is held at the gate
    assert not search.semantic.settle(0)  # ... and is still running
    assert search.get(SAFETY_S) is first  # served at once, meanwhile
    gate.set()
    assert search.semantic.settle(SAFETY_S)
    latest = search.get(SAFETY_S)
    assert latest is not first and in_stock(latest, FRANKIE)
