"""The whole training on a shop that has just opened."""

from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select

from icrm_models.db.schema import Order
from icrm_models.recommend.blend import BlendWeights
from icrm_models.training.pipeline import train_models
from tests.helpers.shop import seeded_shop


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return seeded_shop(tmp_path_factory, 150)


def test_a_young_shop_trains_with_untuned_blend_weights(shop: Engine) -> None:
    """85 days of orders: enough for propensity (two 30-day horizons), too few to tune the
    recommender on the 90 days before the cut; it keeps the default weights and says so."""
    with shop.connect() as conn:
        first = conn.execute(select(func.min(Order.placed_at))).scalar_one()
    bundle, card = train_models(shop, first + timedelta(days=85))
    assert bundle.recommender.weights == BlendWeights()
    assert card["metrics"]["recommender"]["tuning_customers"] == 0
