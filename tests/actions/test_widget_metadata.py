"""The widget's metadata: one reader, the newest user message only, each field checked."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.widget_metadata import widget_metadata


def tracker(*metadata: Any) -> Tracker:
    """A conversation with one user message per ``metadata`` (None: a message without any)."""
    events: list[dict[str, Any]] = [{"event": "action", "name": "action_listen"}]
    for item in metadata:
        event: dict[str, Any] = {"event": "user", "text": "hi", "parse_data": {"text": "hi"}}
        if item is not None:
            event["metadata"] = item
        events += [event, {"event": "bot", "text": "hello"}]
    return Tracker.from_dict({"sender_id": "c", "slots": {}, "events": events})


def test_the_widgets_fields_are_read_and_typed() -> None:
    sent = {"identity_token": "t.sig", "client_key": 12345678, "supports_cards": True, "x": 1}
    assert widget_metadata(tracker(sent)) == {
        "identity_token": "t.sig",
        "client_key": "12345678",
        "supports_cards": True,
    }


def test_only_the_newest_user_message_counts() -> None:
    logged_in = {"identity_token": "t.sig", "client_key": "k" * 16}
    assert widget_metadata(tracker(logged_in, None)) == {}
    assert widget_metadata(tracker(logged_in, {"client_key": "k" * 16})) == {"client_key": "k" * 16}
    assert widget_metadata(tracker()) == {}


@pytest.mark.parametrize(
    "sent",
    [
        "not a dict",
        ["identity_token"],
        {"identity_token": "", "client_key": None},
        {"supports_cards": "true"},
        {"supports_cards": 1},
    ],
)
def test_malformed_or_empty_fields_count_as_not_sent(sent: Any) -> None:
    assert widget_metadata(tracker(sent)) == {}
