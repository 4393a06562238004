"""Only the widget holding a conversation's client key gets into its socket room (and so reads
what the assistant and the agents say in it), served by Rasa's real HTTP app and socket.io
channel with our tracker store in the Rasa runtime (tests/bot/rasa_session_guard_check.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.rasa import run_in_rasa

CHECK = Path(__file__).with_name("rasa_session_guard_check.py")
CONVERSATION = "conv-guarded-1"
REPLY = "Hi, I'm Anna. How can I help?"
KEYS = ("client-key-of-the-customer-0123456789", "client-key-of-somebody-else-012345")


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    database = tmp_path_factory.mktemp("guard") / "events.db"
    return run_in_rasa(CHECK, str(database), env={"ICRM_ALLOWED_ORIGINS": "http://shop.test:8000"})


def test_a_conversation_without_events_is_joined_as_asked(outcome: dict[str, Any]) -> None:
    assert outcome["owner_confirmed"] == CONVERSATION
    assert outcome["new_without_key"] == "conv-brand-new"


@pytest.mark.parametrize("who", ["no_key", "wrong_key"])
def test_without_the_key_a_socket_gets_a_fresh_conversation_instead(
    outcome: dict[str, Any], who: str
) -> None:
    confirmed = outcome[f"{who}_confirmed"]
    assert confirmed and confirmed != CONVERSATION
    assert len(confirmed) == 32 and int(confirmed, 16) >= 0  # random, like Rasa's own
    assert outcome["no_key_confirmed"] != outcome["wrong_key_confirmed"]


@pytest.mark.parametrize("who", ["no_key", "wrong_key"])
def test_without_the_key_a_socket_reads_nothing_of_the_conversation(
    outcome: dict[str, Any], who: str
) -> None:
    assert outcome["live_status"] == 200
    assert outcome["received"][who] == []


def test_with_the_key_a_socket_rejoins_and_reads_the_agent(outcome: dict[str, Any]) -> None:
    assert outcome["right_key_confirmed"] == CONVERSATION
    assert outcome["received"]["right_key"] == [REPLY]
    assert outcome["received"]["owner"] == ["echo hello", REPLY]


def test_a_socket_that_moves_on_leaves_the_conversation(outcome: dict[str, Any]) -> None:
    assert outcome["leaver_first"] == CONVERSATION
    assert outcome["leaver_then"] not in (None, CONVERSATION)
    assert outcome["received"]["leaver"] == []


def test_a_refused_socket_cannot_speak_in_the_conversation(outcome: dict[str, Any]) -> None:
    assert outcome["stored_texts"] == ["hello", "echo hello", REPLY]
    assert "echo intruder" not in " ".join(outcome["received"]["owner"])


def test_an_unreadable_tracker_store_drops_the_socket_without_a_room(
    outcome: dict[str, Any],
) -> None:
    assert outcome["unreadable_confirmed"] is None
    assert outcome["unreadable_dropped"] is True
    errors = [line["text"] for line in outcome["log"] if line["level"] == "ERROR"]
    assert len(errors) == 1 and CONVERSATION in errors[0] and "ConnectionError" in errors[0]


def test_refusals_are_logged_with_the_socket_never_the_key(outcome: dict[str, Any]) -> None:
    warnings = [line["text"] for line in outcome["log"] if line["level"] == "WARNING"]
    for who in ("no_key", "wrong_key"):
        sid = outcome["sids"][who]
        joins = [w for w in warnings if sid in w and "asked to join" in w]
        speaks = [w for w in warnings if sid in w and "without having joined" in w]
        assert len(joins) == 1 and len(speaks) == 1
    assert all(key not in line["text"] for line in outcome["log"] for key in KEYS)
    assert not any(outcome["sids"]["right_key"] in w for w in warnings)
