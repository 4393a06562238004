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
from icrm_models.chat_proof import sign_chat_proof, verify_chat_proof
from icrm_models.db.engine import make_engine
from icrm_models.identity import sign_identity
from icrm_models.seed.run import seed
from icrm_models.seed.synthetic import SeedConfig
from tests.actions.trackers import CLIENT_KEY, SENDER
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


def token_for(customer_id: int, session_id: str = SENDER) -> str:
    """The shop's token for ``customer_id`` in conversation ``session_id``."""
    return sign_identity(customer_id, SECRET.encode(), session_id=session_id)


def proof_for(customer_id: int, order_id: int | None = None, *, session_id: str = SENDER) -> str:
    """The in-chat proof a guest who proved ``order_id`` holds (conversation and client bound)."""
    return sign_chat_proof(
        customer_id,
        SECRET.encode(),
        conversation_id=session_id,
        client_key=CLIENT_KEY,
        order_id=order_id,
    )


def proven_customer(proof: object) -> int:
    """The customer an in-chat proof (the slot value) names, checked like the actions check it."""
    return verify_chat_proof(
        str(proof), SECRET.encode(), conversation_id=SENDER, client_key=CLIENT_KEY
    ).customer_id


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
            holder["metadata"] = {"identity_token": token, "client_key": CLIENT_KEY}
    state["sender_id"] = SENDER  # the conversation the test's token and proof are bound to
    state["slots"].update(slots or {})
    return Tracker.from_dict(state)
