"""A seeded shop per module (read-only tests) or per test (tests that write)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.offers.planning import OfferPlan, plan_offer
from icrm_models.recommend.offer_policy import Moment
from icrm_models.training.pipeline import ModelBundle, train_models
from tests.conftest import AS_OF, seeded_shop


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A seeded shop that tests only read."""
    engine = seeded_shop(tmp_path_factory, 12)
    yield engine
    engine.dispose()


@pytest.fixture
def fresh_shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A seeded shop of this test's own (for tests that write)."""
    engine = seeded_shop(tmp_path_factory, 12)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def bundle(shop: Engine) -> tuple[ModelBundle, dict[str, Any]]:
    return train_models(shop, AS_OF)


def plan_asked(session: Session, models: Any, customer_id: int | None, **kwargs: Any) -> OfferPlan:
    """The plan for a customer who asked for suggestions, from models "v1", at the shop's now."""
    return plan_offer(
        session,
        customer_id=customer_id,
        version="v1",
        models=models,
        moment=Moment.ASKED,
        now=AS_OF,
        **kwargs,
    )
