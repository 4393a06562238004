"""Action tests: a throw-away seeded database and the action server's settings pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from actions.services import services
from icrm_models.db.engine import make_engine
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import seed
from tests.helpers.identity import SECRET
from tests.helpers.paths import POLICIES_FILE
from tests.helpers.shop import AS_OF


@pytest.fixture
def shop_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A seeded SQLite shop that the action server's services use."""
    url = f"sqlite:///{tmp_path}/shop.db"
    engine = make_engine(url)
    seed(engine, SeedConfig(customers=12, as_of=AS_OF))
    engine.dispose()
    monkeypatch.setenv("ICRM_DATABASE_URL", url)
    monkeypatch.setenv("ICRM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ICRM_IDENTITY_SECRET", SECRET)
    monkeypatch.setenv("ICRM_POLICIES_PATH", str(POLICIES_FILE))  # not the shop-editable file
    services.cache_clear()
    yield url
    services().engine.dispose()
    services.cache_clear()
