"""The account actions' tests: a session on the seeded shop the actions use."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from actions.services import services


@pytest.fixture
def db(shop_db: str) -> Iterator[Session]:
    """A session on the seeded shop the actions use (expire_all before reading)."""
    with services().sessions() as session:
        yield session
