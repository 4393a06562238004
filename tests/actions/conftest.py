"""Action tests: a throw-away seeded database, settings pointed at it, trackers from snapshots."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.services import services
from icrm_models.db.engine import make_engine
from icrm_models.identity import sign_identity
from icrm_models.seed.run import seed
from icrm_models.seed.synthetic import SeedConfig
from tests.conftest import AS_OF

TRACKERS = Path(__file__).parents[1] / "data" / "trackers"
SECRET = "action-test-secret-" + "x" * 32


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
    services.cache_clear()
    yield url
    services().engine.dispose()
    services.cache_clear()


def token_for(customer_id: int) -> str:
    return sign_identity(customer_id, SECRET.encode())


def tracker_snapshot(
    name: str, *, token: str | None, slots: dict[str, Any] | None = None
) -> Tracker:
    """A tracker from ``tests/data/trackers/<name>.json`` with the given identity token."""
    state = json.loads((TRACKERS / f"{name}.json").read_text())
    state = copy.deepcopy(state)
    for holder in [state["latest_message"]] + [e for e in state["events"] if e["event"] == "user"]:
        if token is None:
            holder.pop("metadata", None)
        else:
            holder["metadata"] = {"identity_token": token}
    state["slots"].update(slots or {})
    return Tracker.from_dict(state)
