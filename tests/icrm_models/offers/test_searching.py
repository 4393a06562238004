"""Search results shown as offers in the chat (the search itself: tests/icrm_models/search)."""

from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.db.schema import Product
from icrm_models.offers.searching import search_and_show
from icrm_models.search.keyword_index import KeywordIndex
from tests.helpers.shop import AS_OF


def test_results_are_checked_against_the_current_stock(fresh_shop: Engine) -> None:
    """A product sold out after the index was built is not shown."""
    index = KeywordIndex.from_catalogue(fresh_shop)
    kwargs: dict[str, Any] = {"entities": [], "customer_id": None, "now": AS_OF}
    with Session(fresh_shop) as session:
        first = search_and_show(session, index, text="hoodie", conversation_id="c1", **kwargs)
        sold_out = first.shown[0].product.product_id
        product = session.get(Product, sold_out)
        assert product is not None
        product.stock = 0
        session.commit()
        again = search_and_show(session, index, text="hoodie", conversation_id="c2", **kwargs)
    assert len(again.shown) == 3
    assert sold_out not in {o.product.product_id for o in again.shown}
