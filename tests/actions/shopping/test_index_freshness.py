"""The chat finds what the live catalogue holds: its product index is rebuilt when old.

The indexes themselves are tested in tests/icrm_models/search/test_fresh_index.py.
"""

from decimal import Decimal

import pytest
from sqlalchemy import update

from actions.shopping.messages import SEARCH_FOUND
from actions.shopping.search import ActionProductSearch
from actions.shopping.state import shopping_state
from icrm_models.db.schema import Product
from tests.helpers.shopping import engine, offers_of, run_action
from tests.helpers.trackers import build_tracker

FRANKIE = 4  # "Frankie Sweatshirt", out of stock in the seeded shop
ABOMINABLE = 9  # "Abominable Hoodie", 69 in the seeded shop
SAFETY_S = 30.0  # only so that a broken test fails instead of hanging


def set_product(product_id: int, **values: object) -> None:
    with engine().begin() as conn:
        conn.execute(update(Product).where(Product.id == product_id).values(**values))


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
