"""A seeded shop with Rasa's tracker-store table, as Rasa 3.6 creates it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import seed
from tests.helpers.rasa_events import RASA_EVENTS
from tests.helpers.shop import AS_OF


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A seeded shop (12 customers) whose database Rasa has written conversations to."""
    seed(engine, SeedConfig(customers=12, as_of=AS_OF))
    RASA_EVENTS.create(engine)
    with Session(engine) as session:
        yield session
