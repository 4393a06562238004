"""No identity token or client key reaches Rasa's tracker store or its event broker (issue 15,
finding 4), checked with Rasa's own store classes inside the Rasa runtime."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.rasa import run_in_rasa

CHECK = Path(__file__).with_name("rasa_tracker_store_check.py")


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    database = tmp_path_factory.mktemp("tracker-store") / "events.db"
    return run_in_rasa(CHECK, str(database))


def test_endpoints_yml_type_loads_our_store(outcome: dict[str, Any]) -> None:
    assert outcome["store_class"] == "RedactingSQLTrackerStore"


def test_no_secret_is_stored_or_published(outcome: dict[str, Any]) -> None:
    assert outcome["user_rows"] == 2 and outcome["rows"] >= 4
    assert outcome["rows_with_secret"] == 0
    assert outcome["published"] >= 4 and outcome["published_with_secret"] == 0


def test_other_metadata_stays_and_the_secrets_are_marked(outcome: dict[str, Any]) -> None:
    first = outcome["stored_metadata"][0]
    assert first == {
        "identity_token": "[redacted]",
        "client_key_sha256": hashlib.sha256(b"client-key-SECRET-0123456789").hexdigest(),
        "supports_cards": True,
    }


def test_the_client_key_is_kept_as_its_hash_only(outcome: dict[str, Any]) -> None:
    # the history route (channels.live) compares a returning widget's key with this hash
    assert all("client_key" not in m for m in outcome["stored_metadata"])
    assert len({m["client_key_sha256"] for m in outcome["stored_metadata"]}) == 1


def test_the_turn_in_progress_keeps_its_token(outcome: dict[str, Any]) -> None:
    assert outcome["in_memory_token"] is True
    assert outcome["retrieved_events"] >= 4
