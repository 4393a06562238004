"""A seeded shop on each backend (SQLite always, PostgreSQL where available)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from icrm_models.seed.run import seed
from icrm_models.seed.synthetic import SeedConfig
from tests.conftest import AS_OF


@pytest.fixture
def shop(engine: Engine) -> Engine:
    seed(engine, SeedConfig(customers=12, as_of=AS_OF))
    return engine
