"""The chat's product indexes follow the live catalogue: rebuilt in the background when old."""

import logging
import threading
from collections.abc import Iterator
from decimal import Decimal

import numpy as np
import pytest
from sqlalchemy import Engine, text, update

from actions.shopping import state as state_module
from actions.shopping.messages import SEARCH_FOUND
from actions.shopping.search import ActionProductSearch
from actions.shopping.state import FreshIndex, ProductSearchIndex, shopping_state
from icrm_models.db.schema import Product
from icrm_models.offers.keyword_index import KeywordIndex
from icrm_models.recommend.search import ProductIndex
from tests.actions.shopping.conftest import engine, offers_of, run_action
from tests.actions.trackers import build_tracker

FRANKIE = 4  # "Frankie Sweatshirt", out of stock in the seeded shop
ABOMINABLE = 9  # "Abominable Hoodie", 69 in the seeded shop
SAFETY_S = 30.0  # only so that a broken test fails instead of hanging


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


def set_product(product_id: int, **values: object) -> None:
    with engine().begin() as conn:
        conn.execute(update(Product).where(Product.id == product_id).values(**values))


def in_stock(index: ProductIndex, product_id: int) -> bool:
    return bool(index.products.set_index("id").loc[product_id, "stock"] > 0)


def keyword_index(clock: Clock, max_age_s: float = 60.0) -> FreshIndex[KeywordIndex]:
    shop = engine()
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

    def held(self: ProductIndex, shop: Engine) -> ProductIndex:
        assert opened.wait(SAFETY_S)
        return original(self, shop)

    monkeypatch.setattr(ProductIndex, "refreshed", held)
    yield opened
    opened.set()


def test_an_index_older_than_the_max_age_is_rebuilt_from_the_live_catalogue(
    shop_db: str,
) -> None:
    clock = Clock()
    fresh = keyword_index(clock)
    first = fresh.wait(None)
    assert first is not None and not in_stock(first, FRANKIE)
    set_product(FRANKIE, stock=5)
    assert fresh.current() is first and fresh.settle(SAFETY_S)
    assert fresh.current() is first  # not old enough yet: no rebuild
    clock.now += 60
    assert fresh.current() is first  # the rebuild is under way; the old index serves
    assert fresh.settle(SAFETY_S)
    second = fresh.current()
    assert second is not first and second is not None and in_stock(second, FRANKIE)
    assert FRANKIE in {hit.product_id for hit in second.search("frankie sweatshirt")}


def test_a_failing_rebuild_keeps_the_old_index_serving_and_says_why(
    shop_db: str, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    fresh = keyword_index(clock)
    first = fresh.wait(None)
    assert first is not None
    with engine().begin() as conn:
        conn.execute(text("ALTER TABLE products RENAME TO products_away"))
    clock.now += 60
    with caplog.at_level(logging.ERROR):
        assert fresh.current() is first and fresh.settle(SAFETY_S)
    assert fresh.current() is first and fresh.error is not None
    assert "keyword product search not refreshed" in caplog.text
    assert "no such table: products" in caplog.text and "keeps serving" in caplog.text
    assert first.search("hoodie")  # still answers
    with engine().begin() as conn:
        conn.execute(text("ALTER TABLE products_away RENAME TO products"))
    assert fresh.current() is first and fresh.settle(SAFETY_S)  # no retry before the max age
    clock.now += 60
    fresh.current()
    assert fresh.settle(SAFETY_S) and fresh.current() is not first and fresh.error is None


def test_a_search_does_not_wait_for_a_rebuild(
    shop_db: str, monkeypatch: pytest.MonkeyPatch, gate: threading.Event
) -> None:
    """The semantic index (fake encoder) is rebuilt on every search here (max age 0)."""
    shop = engine()
    monkeypatch.setattr(
        state_module, "build_semantic_index", lambda *_: ProductIndex.build(shop, fake_encode)
    )
    search = ProductSearchIndex(shop, None, None, max_age_s=0)
    first = search.get(SAFETY_S)  # the first build is waited for (up to wait_s)
    assert not isinstance(first, KeywordIndex) and not in_stock(first, FRANKIE)
    set_product(FRANKIE, stock=5)
    assert search.get(SAFETY_S) is first  # starts a rebuild, which is held at the gate
    assert not search.semantic.settle(0)  # ... and is still running
    assert search.get(SAFETY_S) is first  # served at once, meanwhile
    gate.set()
    assert search.semantic.settle(SAFETY_S)
    latest = search.get(SAFETY_S)
    assert latest is not first and in_stock(latest, FRANKIE)


async def test_the_chat_finds_a_restocked_product_after_the_refresh(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ICRM_SEARCH_INDEX_MAX_AGE_S", "0")
    tracker = build_tracker("Frankie sweatshirt", "product_search")
    await run_action(ActionProductSearch(), tracker)
    assert FRANKIE not in {o.product_id for o in offers_of()}
    set_product(FRANKIE, stock=5)
    assert shopping_state().search.keywords.settle(SAFETY_S)
    shopping_state().search.keyword()  # as a search would: the index is old, rebuild it
    assert shopping_state().search.keywords.settle(SAFETY_S)
    await run_action(ActionProductSearch(), tracker)
    assert FRANKIE in {o.product_id for o in offers_of()}


async def test_the_chat_finds_a_product_whose_price_dropped_under_the_limit(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ICRM_SEARCH_INDEX_MAX_AGE_S", "0")
    under_30 = [
        {"entity": "product", "value": "hoodie"},
        {"entity": "price", "value": "30", "role": "under"},
    ]
    tracker = build_tracker("a hoodie under 30", "product_search", under_30)
    _, messages = await run_action(ActionProductSearch(), tracker)
    assert not messages[0]["text"].startswith(SEARCH_FOUND)
    set_product(ABOMINABLE, price=Decimal("24.99"))
    shopping_state().search.keyword()
    assert shopping_state().search.keywords.settle(SAFETY_S)
    _, messages = await run_action(ActionProductSearch(), tracker)
    assert messages[0]["text"].startswith(SEARCH_FOUND)
    shown = [o for o in offers_of() if o.status == "shown"]
    assert [o.product_id for o in shown] == [ABOMINABLE]
