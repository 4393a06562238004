from typing import Any

from sqlalchemy import Engine, create_engine, update
from sqlalchemy.orm import Session

from icrm_models.db.schema import Product
from icrm_models.offers.planning import Source, forget_catalogues
from icrm_models.offers.shared_cache import PerDatabaseCache
from icrm_models.registry.bundle import ModelBundle
from tests.helpers.offers import plan_asked

VERONICA = 2


def test_values_are_shared_per_database_and_key_until_they_expire() -> None:
    now = [0.0]
    cache: PerDatabaseCache[str] = PerDatabaseCache(10, clock=lambda: now[0])
    one, two = create_engine("sqlite:///one.db"), create_engine("sqlite:///two.db")
    calls: list[str] = []

    def compute(tag: str) -> Any:
        return lambda: calls.append(tag) or tag

    assert cache.get(one, "k", compute("a")) == "a"
    assert cache.get(one, "k", compute("b")) == "a"
    assert cache.get(two, "k", compute("c")) == "c"  # another database
    assert cache.get(one, "other", compute("d")) == "d"  # another key
    now[0] = 11
    assert cache.get(one, "k", compute("e")) == "e"
    cache.clear()
    assert cache.get(one, "k", compute("f")) == "f"
    assert calls == ["a", "c", "d", "e", "f"]


def test_a_product_sold_out_since_the_catalogue_was_read_is_not_offered(
    fresh_shop: Engine, bundle: tuple[ModelBundle, dict[str, Any]]
) -> None:
    forget_catalogues()

    def plan() -> Any:
        with Session(fresh_shop) as session:
            return plan_asked(session, bundle[0], VERONICA)

    first = plan()
    assert first.source is Source.MODEL and first.offer.products
    sold_out = first.offer.products[0].product_id
    with fresh_shop.begin() as conn:  # the cached catalogue still lists it in stock
        conn.execute(update(Product).where(Product.id == sold_out).values(stock=0))
    second = plan()
    assert second.offer.products and sold_out not in {p.product_id for p in second.offer.products}
