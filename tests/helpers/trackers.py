"""Trackers for action tests, built as Rasa would send them (through ``Tracker.from_dict``).

Their parts too: user events, slot events, entities, and trackers from the JSON snapshots in
``tests/data/trackers``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from typing import Any

from rasa_sdk import Tracker

from tests.helpers.paths import TRACKERS_DIR

T0 = 1763900000.0
SENDER = "conv-test"
CLIENT_KEY = "test-client-key-" + "k" * 16  # what the widget sends with each message


def user_event(
    text: str,
    intent: str | None,
    entities: Sequence[dict[str, Any]] = (),
    *,
    token: str | None = None,
    timestamp: float = T0 + 10,
    client_key: str | None = CLIENT_KEY,
) -> dict[str, Any]:
    """A user event with its parse data, the widget's client key and (optionally) its token."""
    return {
        "event": "user",
        "text": text,
        "timestamp": timestamp,
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": 0.97} if intent else {},
            "entities": list(entities),
        },
        "metadata": {
            **({"identity_token": token} if token else {}),
            **({"client_key": client_key} if client_key else {}),
        },
    }


def build_tracker(
    text: str,
    intent: str | None,
    entities: Sequence[dict[str, Any]] = (),
    *,
    slots: dict[str, Any] | None = None,
    token: str | None = None,
    active_loop: str | None = None,
    earlier: Sequence[dict[str, Any]] = (),
    sender_id: str = SENDER,
    client_key: str | None = CLIENT_KEY,
) -> Tracker:
    """A conversation whose newest message is ``text`` (intent, entities), after ``earlier``.

    ``earlier`` holds earlier events (e.g. ``user_event(...)``, bot utterances); ``slots`` are
    the slot values at this point; ``token`` and ``client_key`` are sent with the newest message
    only (the widget sends both with every message).
    """
    latest = user_event(
        text, intent, entities, token=token, timestamp=T0 + 100, client_key=client_key
    )
    events: list[dict[str, Any]] = [
        {"event": "action", "name": "action_session_start", "timestamp": T0},
        {"event": "session_started", "timestamp": T0 + 0.1},
        {"event": "action", "name": "action_listen", "timestamp": T0 + 0.2},
        *earlier,
        latest,
    ]
    return Tracker.from_dict(
        {
            "sender_id": sender_id,
            "slots": {"requested_slot": None, **(slots or {})},
            "latest_message": {**latest["parse_data"], "metadata": latest["metadata"]},
            "events": events,
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": "action_listen",
        }
    )


def slot_event(name: str, value: Any, timestamp: float = T0 + 1) -> dict[str, Any]:
    """A slot event in a conversation's history (as Rasa serialises ``SlotSet``)."""
    return {"event": "slot", "timestamp": timestamp, "name": name, "value": value}


def entity(name: str, value: str, text: str | None = None) -> dict[str, Any]:
    """An entity as NLU reports it: found in ``text``, or spanning the whole message."""
    start = text.index(value) if text is not None else 0
    return {"entity": name, "value": value, "start": start, "end": start + len(value)}


def said(text: str, intent: str | None, entities: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """An earlier user message (before the one a tracker ends with)."""
    return user_event(text, intent, entities, timestamp=5.0)


def tracker_snapshot(
    name: str, *, token: str | None, slots: dict[str, Any] | None = None
) -> Tracker:
    """A tracker from ``tests/data/trackers/<name>.json`` with the given identity token."""
    state = json.loads((TRACKERS_DIR / f"{name}.json").read_text())
    state = copy.deepcopy(state)
    for holder in [state["latest_message"]] + [e for e in state["events"] if e["event"] == "user"]:
        if token is None:
            holder.pop("metadata", None)
        else:
            holder["metadata"] = {"identity_token": token, "client_key": CLIENT_KEY}
    state["sender_id"] = SENDER  # the conversation the test's token and proof are bound to
    state["slots"].update(slots or {})
    return Tracker.from_dict(state)
