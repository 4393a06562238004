"""``action_session_start``: Rasa's session start, and a paused conversation stays paused."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.live.session_start import ActionSessionStart
from tests.helpers.runs import run_action
from tests.helpers.trackers import build_tracker

STARTED = [
    {"event": "session_started", "timestamp": None},
    {
        "event": "action",
        "timestamp": None,
        "name": "action_listen",
        "policy": None,
        "confidence": None,
    },
]


def with_pause(tracker: Tracker, paused: bool) -> Tracker:
    state: dict[str, Any] = tracker.current_state()
    return Tracker.from_dict({**state, "paused": paused})


async def test_a_new_session_starts_as_rasas_does() -> None:
    events, texts = await run_action(
        ActionSessionStart(), with_pause(build_tracker("hi", "greet"), False)
    )
    assert events == STARTED and texts == []


async def test_a_conversation_waiting_for_a_colleague_stays_paused() -> None:
    events, texts = await run_action(
        ActionSessionStart(), with_pause(build_tracker("hello??", "greet"), True)
    )
    assert events == [
        *STARTED,
        {"event": "slot", "timestamp": None, "name": "handoff_requested", "value": True},
        {"event": "pause", "timestamp": None},
    ]
    assert texts == []
