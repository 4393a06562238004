"""The live agent's route on Rasa's socket.io channel (issue 18), served by Rasa's real HTTP app
with Rasa's own tracker and lock stores inside the Rasa runtime (tests/bot/rasa_live_check.py):
a paused conversation, an agent's messages stored before the widget shows them, typing both
ways, the hand-back, and the widget's history behind its client key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.rasa import run_in_rasa

CHECK = Path(__file__).with_name("rasa_live_check.py")
ANNA = {"name": "Anna Berg", "initial": "A"}
REPLY = "Hi, I'm Anna. How can I help?"


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    database = tmp_path_factory.mktemp("live") / "events.db"
    return run_in_rasa(CHECK, str(database), env={"ICRM_ALLOWED_ORIGINS": "http://shop.test:8000"})


def kinds(outcome: dict[str, Any]) -> list[str]:
    """The stored events in order: "user:<text>", "bot:<text>", "action:<name>", "pause" ..."""
    named = []
    for event in outcome["events"]:
        label = event.get("text") or event.get("name")
        named.append(f"{event['event']}:{label}" if label else event["event"])
    return named


@pytest.mark.parametrize(
    ("case", "status", "says"),
    [
        ("no_token", 401, "live token"),
        ("wrong_token", 401, "live token"),
        ("switched_off", 503, "ICRM_LIVE_TOKEN"),
        ("no_text", 400, "non-empty text"),
        ("bad_kind", 400, "kind must be one of"),
        ("unknown", 404, "no such conversation"),
    ],
)
def test_refused_requests_say_why(
    outcome: dict[str, Any], case: str, status: int, says: str
) -> None:
    refused = outcome[case]
    assert refused["status"] == status and says in refused["body"]["error"]


def test_refused_requests_leave_no_trace(outcome: dict[str, Any]) -> None:
    assert "bot:hi" not in kinds(outcome)
    assert all(m["text"] != "hi" for m in outcome["widget"])


def test_a_paused_conversation_records_the_customer_but_the_bot_is_silent(
    outcome: dict[str, Any],
) -> None:
    events = kinds(outcome)
    assert events.index("pause") < events.index("user:anyone there?")
    assert "bot:echo anyone there?" not in events
    assert all(m["text"] != "echo anyone there?" for m in outcome["widget"])


def test_the_agents_messages_are_stored_before_the_widget_shows_them(
    outcome: dict[str, Any],
) -> None:
    shown = [m for m in outcome["widget"] if m.get("live")]
    assert [(m["live"], m["text"]) for m in shown] == [
        ("joined", "Anna Berg has joined the chat."),
        ("message", REPLY),
        ("resume", "You're back with the assistant — ask me anything."),
    ]
    assert all(m["agent"] == ANNA and m["stored_when_shown"] for m in shown)
    [stored] = [e for e in outcome["events"] if e.get("text") == REPLY]
    assert stored["event"] == "bot"
    assert stored["metadata"] == {"live": "message", "agent": {"id": 3, **ANNA}}
    assert outcome["reply"]["seconds"] < 1.0


def test_typing_reaches_the_other_side_and_is_not_stored(outcome: dict[str, Any]) -> None:
    assert outcome["widget_typing"] == [{"agent": ANNA, "typing": True}]
    assert outcome["console_seen"] == [
        {
            "auth": "Bearer live-token-0123456789-abcdefghijklmnop",
            "body": {"conversation_id": "conv-live-1", "typing": True},
        }
    ]  # once: the other socket is not in that conversation's room
    assert not any("typing" in event["event"] for event in outcome["events"])
    assert outcome["stranger"] == []


def test_the_hand_back_resumes_listening_and_the_bot_answers_again(
    outcome: dict[str, Any],
) -> None:
    events = kinds(outcome)
    at = events.index("resume")
    assert events[at : at + 2] == ["resume", "action:action_listen"]
    assert events[-2:] == ["user:are you back?", "bot:echo are you back?"]
    assert outcome["paused_at_end"] is False
    assert outcome["slot_at_end"] is False  # handoff_requested cleared for a later request


def test_the_history_replays_the_conversation_to_its_own_widget(outcome: dict[str, Any]) -> None:
    history = outcome["history"]
    assert history["status"] == 200 and history["body"]["paused"] is False
    replay = [(m["sender"], m["text"]) for m in history["body"]["messages"]]
    assert replay == [
        ("customer", "hello"),
        ("bot", "echo hello"),
        ("customer", "anyone there?"),
        ("agent", "Anna Berg has joined the chat."),
        ("agent", REPLY),
        ("agent", "You're back with the assistant — ask me anything."),
        ("customer", "are you back?"),
        ("bot", "echo are you back?"),
    ]
    agents = [m["agent"] for m in history["body"]["messages"] if m["sender"] == "agent"]
    assert agents == [ANNA] * 3  # no agent id reaches the customer


@pytest.mark.parametrize("case", ["history_wrong_key", "history_no_key", "history_unknown"])
def test_the_history_is_refused_alike_to_anyone_else(outcome: dict[str, Any], case: str) -> None:
    assert outcome[case] == {"status": 404, "body": {"error": "no such conversation"}}


def test_the_shops_page_may_ask_for_the_history_with_its_key(outcome: dict[str, Any]) -> None:
    preflight = outcome["history_preflight"]
    assert preflight["status"] in (200, 204)
    assert preflight["allow_origin"] == "http://shop.test:8000"
    assert "x-client-key" in preflight["allow_headers"]
