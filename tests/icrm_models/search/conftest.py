"""A seeded shop per module (read-only tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tests.helpers.shop import seeded_shop


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A seeded shop that tests only read."""
    engine = seeded_shop(tmp_path_factory, 12)
    yield engine
    engine.dispose()
