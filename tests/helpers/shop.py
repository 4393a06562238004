"""The seeded test shop: its clock (``AS_OF``), a throw-away seeded copy, sessions on it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.db.engine import make_engine

# The seeded shop's "now": every seeded history ends here, so tests can name dates.
AS_OF = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def shop_clock() -> datetime:
    """The seeded shop's "now", as a clock for the code under test."""
    return AS_OF


def seeded_shop(tmp_path_factory: pytest.TempPathFactory, customers: int) -> Engine:
    """A throw-away SQLite shop seeded with ``customers`` synthetic customers as of AS_OF.

    For module-scoped fixtures of tests that only read the shop (seeding is the slow part).
    """
    from icrm_models.seed.config import SeedConfig
    from icrm_models.seed.run import seed

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('shop')}/shop.db")
    seed(engine, SeedConfig(customers=customers, as_of=AS_OF))
    return engine


@contextmanager
def shop_session(url: str | None = None) -> Iterator[Session]:
    """A session on the test shop, to set it up or check what the actions changed.

    ``url``: the shop's database; without it, the database the action server's services use
    (the ``shop_db`` fixture points them at the test shop).
    """
    if url is None:
        from actions.services import services

        with services().sessions() as session:
            yield session
        return
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()
