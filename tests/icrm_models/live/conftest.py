"""Fixtures of the live-chat tests: a migrated empty database per test (each backend), agents."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.db.tables.live import Agent
from icrm_models.live.agents import add_agent
from tests.helpers.shop import AS_OF

NOW = AS_OF
PASSWORD = "a long enough password"


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session on this test's migrated, empty database (SQLite and PostgreSQL)."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


MakeAgent = Callable[..., Agent]


@pytest.fixture
def make_agent(db: Session) -> MakeAgent:
    """Add (and commit) an agent: ``make_agent("anna", team="billing", role="supervisor")``."""

    def make(name: str, *, team: str = "support", role: str = "agent") -> Agent:
        agent = add_agent(
            db,
            email=f"{name}@shop.test",
            display_name=name.title(),
            password=PASSWORD,
            role=role,
            team=team,
            now=NOW,
        )
        db.commit()
        return agent

    return make
