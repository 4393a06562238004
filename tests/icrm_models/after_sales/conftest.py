"""A seeded shop on each backend, and the shop's real policies."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from icrm_models.policies.source import Policies, load_policies
from icrm_models.seed.run import seed
from icrm_models.seed.synthetic import SeedConfig
from tests.conftest import AS_OF

POLICIES_FILE = Path(__file__).parents[3] / "data" / "policies.yml"


@pytest.fixture
def shop(engine: Engine) -> Engine:
    seed(engine, SeedConfig(customers=12, as_of=AS_OF))
    return engine


@pytest.fixture
def policies() -> Policies:
    return load_policies(POLICIES_FILE)
