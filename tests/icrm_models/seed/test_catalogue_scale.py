import pytest
from sqlalchemy import Engine, func, select

from icrm_models.db.schema import OrderItem, Product
from icrm_models.seed.catalogue import read_catalogue
from icrm_models.seed.catalogue_scale import scale_catalogue
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import seed
from tests.helpers.shop import AS_OF


def test_the_catalogue_grows_by_distinct_realistic_products() -> None:
    luma = read_catalogue()
    scaled = scale_catalogue(luma, 3000)
    assert len(scaled) == 3000
    assert scaled[: len(luma)] == luma  # the demo's products keep their place
    assert len({p.sku for p in scaled}) == 3000
    names = [p.name for p in scaled[len(luma) :]]
    assert len(set(names)) == len(names) and not set(names) & {p.name for p in luma}
    assert {p.category for p in scaled} == {p.category for p in luma}
    by_sku = {p.sku: p for p in luma}
    for variant in scaled[len(luma) :]:
        base = by_sku[variant.sku.rsplit("-", 1)[0]]
        assert variant.price >= 5 and variant.category == base.category
        assert set(variant.colors) <= set(base.colors) and bool(variant.colors) == bool(base.colors)
    assert scale_catalogue(luma, 3000) == scaled  # same seed, same catalogue


def test_more_products_than_collections_still_gives_unique_names() -> None:
    luma = read_catalogue()[:3]
    scaled = scale_catalogue(luma, 3 + 12 * 8 * 3 * 2)
    assert len({p.name for p in scaled}) == len(scaled)


def test_a_smaller_target_than_the_catalogue_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least the catalogue's own 197"):
        scale_catalogue(read_catalogue(), 100)
    with pytest.raises(ValueError, match="empty"):
        scale_catalogue([], 10)
    with pytest.raises(ValueError, match="products must be 0 or more"):
        SeedConfig(products=-1)


def test_seeding_with_more_products_sells_the_new_ones_too(engine: Engine) -> None:
    seed(engine, SeedConfig(customers=150, as_of=AS_OF, products=1000))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Product)).scalar_one() == 1000
        sold = conn.execute(
            select(func.count(func.distinct(OrderItem.product_id))).where(
                OrderItem.product_id > 197
            )
        ).scalar_one()
    assert sold > 50
