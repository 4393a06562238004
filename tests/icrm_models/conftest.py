"""Fixtures of the domain-logic tests: a seeded shop per test (each backend) and its policies."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.policies.source import Policies, load_policies
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import seed
from tests.helpers.paths import POLICIES_FILE
from tests.helpers.shop import AS_OF


@pytest.fixture
def shop(engine: Engine) -> Engine:
    """The migrated database of this test, seeded with 12 customers as of ``AS_OF``."""
    seed(engine, SeedConfig(customers=12, as_of=AS_OF))
    return engine


@pytest.fixture
def session(shop: Engine) -> Iterator[Session]:
    """A session on this test's seeded shop."""
    with Session(shop) as session:
        yield session


@pytest.fixture
def policies() -> Policies:
    """The policies the tests rely on (tests/data, not the shop-editable data/policies.yml)."""
    return load_policies(POLICIES_FILE)


@pytest.fixture
def clean_settings_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only what a settings test sets: no ICRM_* variables of the machine, no .env file."""
    for name in list(os.environ):
        if name.startswith("ICRM_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ICRM_DATA_DIR", str(tmp_path))
