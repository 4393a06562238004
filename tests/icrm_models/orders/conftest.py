"""Fixtures of the order tests: a seeded shop per test (each backend), the shop's policies."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from icrm_models.policies.source import Policies, load_policies
from icrm_models.seed.run import seed
from icrm_models.seed.synthetic import SeedConfig
from tests.conftest import AS_OF

POLICIES = Path(__file__).parents[3] / "data" / "policies.yml"


@pytest.fixture
def shop(engine: Engine) -> Engine:
    seed(engine, SeedConfig(customers=12, as_of=AS_OF))
    return engine


@pytest.fixture(scope="session")
def policies() -> Policies:
    return load_policies(POLICIES)
