"""Trackers of a form's turns as Rasa sends them: one turn inside a form, the turn after one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rasa_sdk import Tracker

from tests.helpers.trackers import SENDER, T0, build_tracker, slot_event, user_event


def form_turn(
    text: str,
    intent: str | None,
    entities: Sequence[dict[str, Any]] = (),
    *,
    form: str,
    requested_slot: str | None,
    slots: Mapping[str, Any] | None = None,
    candidates: Mapping[str, Any] | None = None,
    earlier: Sequence[dict[str, Any]] = (),
    asked: int = 1,
    token: str | None = None,
    sender_id: str = SENDER,
) -> Tracker:
    """The tracker a form's validation action receives for the newest message ``text``.

    The history is what Rasa records: ``earlier`` events (e.g. messages before the form), the
    form's activation, the ``slots`` held before this message (as slot events, so "the value
    before this message" is known), and ``requested_slot`` asked ``asked`` times.
    ``requested_slot=None`` is the turn that activates the form: Rasa validates what is already
    filled before the form is active, so there is no activation yet and ``slots`` are what
    earlier conversation left. ``candidates`` are the values Rasa extracted from the newest
    message: appended after it and already in the slots, as Rasa sends them to validation.
    """
    before = dict(slots or {})
    active = requested_slot is not None
    history = [
        *earlier,
        *([{"event": "active_loop", "timestamp": T0 + 1, "name": form}] if active else []),
        *(slot_event(name, value) for name, value in before.items()),
        *(slot_event("requested_slot", requested_slot) for _ in range(asked if active else 0)),
    ]
    tracker = build_tracker(
        text,
        intent,
        entities,
        slots={**before, "requested_slot": requested_slot},
        token=token,
        active_loop=form if active else None,
        earlier=history,
        sender_id=sender_id,
    )
    state = tracker.current_state()
    for name, value in (candidates or {}).items():
        state["events"].append(slot_event(name, value, T0 + 101))
        state["slots"][name] = value
    return Tracker.from_dict(state)


def after_form(
    form: str,
    messages: Sequence[tuple[str, str | None, Sequence[dict[str, Any]]]],
    *,
    slots: Mapping[str, Any],
    token: str | None = None,
    earlier: Sequence[dict[str, Any]] = (),
    sender_id: str = SENDER,
) -> Tracker:
    """The tracker when the action after a completed form runs.

    ``messages`` (text, intent, entities) are what the customer sent since ``earlier``: the
    first one started the form; ``token`` comes with the newest one only.
    """
    events: list[dict[str, Any]] = [
        {"event": "action", "name": "action_session_start", "timestamp": T0},
        {"event": "session_started", "timestamp": T0 + 0.1},
        *earlier,
    ]
    for index, (text, intent, entities) in enumerate(messages):
        newest = index == len(messages) - 1
        events.append({"event": "action", "name": "action_listen", "timestamp": T0 + 20 + index})
        events.append(
            user_event(
                text, intent, entities, token=token if newest else None, timestamp=T0 + 21 + index
            )
        )
        events.append({"event": "action", "name": form, "timestamp": T0 + 22 + index})
        if index == 0:
            events.append({"event": "active_loop", "name": form, "timestamp": T0 + 22.5})
    events.append({"event": "active_loop", "name": None, "timestamp": T0 + 90})
    latest = next(e for e in reversed(events) if e["event"] == "user")
    return Tracker.from_dict(
        {
            "sender_id": sender_id,
            "slots": {"requested_slot": None, **slots},
            "latest_message": {**latest["parse_data"], "metadata": latest["metadata"]},
            "events": events,
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": form,
        }
    )
