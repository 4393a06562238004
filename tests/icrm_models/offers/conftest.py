"""A seeded shop per module (read-only tests) or per test (tests that write)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from icrm_models.registry.bundle import ModelBundle
from icrm_models.training.pipeline import train_models
from tests.helpers.shop import AS_OF, seeded_shop


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
