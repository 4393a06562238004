"""``slot_before_latest_message``: the value a slot had just before the newest user message."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.slot_history import slot_before_latest_message

SLOT = "order_id"


def _tracker(events: list[dict[str, Any]], current: Any = None) -> Tracker:
    """A tracker with ``events`` and ``SLOT`` at ``current`` (its value after all of them)."""
    return Tracker.from_dict(
        {"sender_id": "slot-history", "slots": {SLOT: current}, "events": events}
    )


def _user(text: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"text": text, "intent": {}}}


def _slot(value: Any, name: str = SLOT) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def _listen() -> dict[str, Any]:
    return {"event": "action", "name": "action_listen"}


def test_the_value_set_before_the_newest_message_not_this_turns_candidate() -> None:
    tracker = _tracker(
        [
            _listen(),
            _user("order 10040"),
            _slot("10040"),
            _listen(),
            _user("10041"),
            _slot("10041"),
        ],
        current="10041",
    )
    assert slot_before_latest_message(tracker, SLOT) == "10040"


def test_a_slot_never_set_before_is_none() -> None:
    tracker = _tracker([_listen(), _user("10041"), _slot("10041")], current="10041")
    assert slot_before_latest_message(tracker, SLOT) is None


def test_other_slots_do_not_count() -> None:
    tracker = _tracker([_slot("10040"), _slot("x", name="confirmation"), _user("hi")])
    assert slot_before_latest_message(tracker, SLOT) == "10040"


@pytest.mark.parametrize(
    "reset",
    [
        _slot(None),
        {"event": "reset_slots"},
        {"event": "session_started"},
        {"event": "restart"},
    ],
    ids=["slot set to None", "all slots reset", "new session", "restart"],
)
def test_a_reset_before_the_newest_message_counts_as_none(reset: dict[str, Any]) -> None:
    tracker = _tracker([_slot("10040"), _user("hello"), reset, _listen(), _user("10041")])
    assert slot_before_latest_message(tracker, SLOT) is None


def test_a_slot_carried_over_into_the_new_session_is_kept() -> None:
    # Rasa follows session_started with the carried-over slots' SlotSet events.
    tracker = _tracker([_slot("10040"), {"event": "session_started"}, _slot("10040"), _user("hi")])
    assert slot_before_latest_message(tracker, SLOT) == "10040"


def test_a_reverted_message_s_slots_do_not_count() -> None:
    # action_switch_task: the message is reverted and uttered again; what it set is undone.
    tracker = _tracker(
        [
            _slot("10040"),
            _listen(),
            _user("cancel order 10045"),
            _slot("10045"),
            {"event": "action", "name": "action_switch_task"},
            {"event": "rewind"},
            _listen(),
            _user("cancel order 10045"),
            _slot("10045"),
        ],
        current="10045",
    )
    assert slot_before_latest_message(tracker, SLOT) == "10040"


def test_without_any_user_message_the_current_value_is_the_answer() -> None:
    tracker = _tracker([{"event": "session_started"}, _slot("10040")], current="10040")
    assert slot_before_latest_message(tracker, SLOT) == "10040"
    assert slot_before_latest_message(_tracker([], current=None), SLOT) is None
