import logging
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.errors import UNAVAILABLE
from actions.shopping.messages import (
    SEARCH_CLOSEST,
    SEARCH_FOUND,
    SEARCH_NOTHING,
    SEARCH_WHAT,
    YES_HINT,
)
from actions.shopping.search import ActionProductSearch
from icrm_models.db.schema import BehaviourEvent, Product
from icrm_models.embeddings.encoder import load_encoder
from icrm_models.search import serving as search_serving
from icrm_models.search.index import ProductIndex
from icrm_models.settings import default_embedding_model_path
from tests.helpers.database import break_database
from tests.helpers.identity import token_for
from tests.helpers.shop import seeded_shop
from tests.helpers.shopping import CONVERSATION, cards, engine, offers_of, run_action, texts
from tests.helpers.trackers import build_tracker

HOODIE_UNDER_60 = [
    {"entity": "product", "value": "hoodie"},
    {"entity": "color", "value": "black"},
    {"entity": "price", "value": "60", "role": "under"},
]


def _slots(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def _search_events() -> list[BehaviourEvent]:
    with Session(engine()) as session:
        return list(
            session.execute(
                select(BehaviourEvent).where(BehaviourEvent.event_type == "product_search")
            ).scalars()
        )


async def test_a_guest_gets_matching_products_as_text_and_cards(shop_db: str) -> None:
    tracker = build_tracker("a black hoodie under 60", "product_search", HOODIE_UNDER_60)
    events, messages = await run_action(ActionProductSearch(), tracker, widget=True)

    shown = cards(messages)
    assert 1 <= len(shown) <= 3
    assert messages[0]["text"].startswith(SEARCH_FOUND + "\n")  # the widget: then the cards
    assert messages[0]["text"].endswith(YES_HINT if len(shown) > 1 else "to your basket.")
    assert messages[1]["custom"]["data"]["type"] == "product_cards"
    with Session(engine()) as session:
        for card in shown:
            product = session.execute(
                select(Product).where(Product.sku == card["sku"])
            ).scalar_one()
            assert product.price <= 60 and "Black" in product.colors and product.stock > 0
    offers = offers_of()
    assert [str(o.id) for o in offers] == [c["offer_id"] for c in shown]
    assert {(o.status, o.customer_id, o.model_version) for o in offers} == {
        ("shown", None, "search-keyword")
    }
    assert _slots(events) == {
        "last_offer_ids": [c["offer_id"] for c in shown],
        "offer_pending": True,
    }
    (event,) = _search_events()
    assert event.customer_id is None and event.conversation_id == CONVERSATION
    assert event.properties["filters"]["max_price"] == "60"
    assert event.properties["filters"]["color"] == "Black"
    assert event.properties["result_ids"] == [o.product_id for o in offers]


async def test_the_search_is_recorded_for_the_verified_customer(shop_db: str) -> None:
    tracker = build_tracker(
        "show me hoodies",
        "product_search",
        [{"entity": "product", "value": "hoodies"}],
        token=token_for(1),
    )
    await run_action(ActionProductSearch(), tracker)
    (event,) = _search_events()
    assert event.customer_id == 1
    assert {o.customer_id for o in offers_of()} == {1}


async def test_text_price_ranges_are_filters_too(shop_db: str) -> None:
    tracker = build_tracker("a jacket between 50 and 60 euros", "product_search")
    _, messages = await run_action(ActionProductSearch(), tracker, widget=True)
    assert messages[0]["text"].startswith(SEARCH_FOUND)
    for card in cards(messages):
        assert Decimal(50) <= Decimal(card["price"]) <= Decimal(60)
    (event,) = _search_events()
    assert event.properties["filters"]["min_price"] == "50"
    assert event.properties["filters"]["max_price"] == "60"


async def test_when_nothing_matches_the_closest_products_are_shown(shop_db: str) -> None:
    tracker = build_tracker(
        "a jacket under 1 euro",
        "product_search",
        [{"entity": "price", "value": "1", "role": "under"}],
    )
    events, messages = await run_action(ActionProductSearch(), tracker, widget=True)
    assert messages[0]["text"] == SEARCH_CLOSEST + "\n" + YES_HINT
    assert all("Jacket" in c["name"] for c in cards(messages))
    assert {o.reason for o in offers_of()} == {"closest to what you asked for"}
    assert _slots(events)["offer_pending"] is True


async def test_a_product_the_shop_does_not_sell_is_said_honestly(shop_db: str) -> None:
    tracker = build_tracker("do you sell xylophones", "product_search")
    events, messages = await run_action(ActionProductSearch(), tracker)
    assert texts(messages) == [SEARCH_NOTHING]
    assert events == [{"event": "slot", "timestamp": None, "name": "offer_pending", "value": False}]
    assert offers_of() == []


@pytest.mark.parametrize(
    "text",
    ["🙂", "\x00\x00", "?!", "10023' OR 1=1 --", "x" * 10_000, "\u202ejacket\u202c", "سترة شتوية"],
)
async def test_strange_input_gets_a_polite_answer(shop_db: str, text: str) -> None:
    _, messages = await run_action(ActionProductSearch(), build_tracker(text, "product_search"))
    assert len(texts(messages)) == 1
    assert texts(messages)[0].split("\n")[0] in (
        SEARCH_WHAT,
        SEARCH_NOTHING,
        SEARCH_FOUND,
        SEARCH_CLOSEST,
    )
    with Session(engine()) as session:
        assert session.execute(select(Product).where(Product.id == 1)).scalar_one().name


async def test_a_new_search_marks_unanswered_offers_ignored(shop_db: str) -> None:
    await run_action(ActionProductSearch(), build_tracker("hoodie", "product_search"))
    first = {o.id for o in offers_of()}
    await run_action(ActionProductSearch(), build_tracker("running shorts", "product_search"))
    statuses = {o.id: o.status for o in offers_of()}
    assert {statuses[i] for i in first} == {"ignored"}
    assert {s for i, s in statuses.items() if i not in first} == {"shown"}


async def test_without_the_encoder_keyword_search_is_used_and_logged(
    shop_db: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        await run_action(ActionProductSearch(), build_tracker("hoodie", "product_search"))
    assert "semantic product search unavailable" in caplog.text
    assert f"conversation {CONVERSATION}: keyword product search" in caplog.text


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.shopping.search")
    events, messages = await run_action(
        ActionProductSearch(), build_tracker("hoodie", "product_search")
    )
    assert texts(messages) == [UNAVAILABLE] and events == []


@pytest.fixture(scope="module")
def semantic_index(tmp_path_factory: pytest.TempPathFactory) -> ProductIndex:
    """The real sentence-transformers index over a shop seeded like ``shop_db``."""
    shop = seeded_shop(tmp_path_factory, 1)
    encoder = load_encoder(default_embedding_model_path())

    def encode(texts: list[str]) -> np.ndarray:
        return np.asarray(encoder.encode(texts, normalize_embeddings=True, batch_size=64))

    return ProductIndex.build(shop, encode)


async def test_semantic_search_understands_what_is_meant(
    shop_db: str, semantic_index: ProductIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_serving, "build_semantic_index", lambda *_: semantic_index)
    tracker = build_tracker("I need something to carry my laptop to work", "product_search")
    _, messages = await run_action(ActionProductSearch(), tracker, widget=True)
    assert messages[0]["text"].startswith(SEARCH_FOUND)
    with Session(engine()) as session:
        categories = [
            session.execute(select(Product.category).where(Product.sku == c["sku"])).scalar_one()
            for c in cards(messages)
        ]
    assert categories and set(categories) == {"Gear/Bags"}
    assert {o.model_version for o in offers_of()} == {"search-semantic"}
