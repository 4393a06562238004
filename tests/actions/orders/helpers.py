"""Helpers for the order actions' tests: form turns as Rasa sends them, runs, database checks."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from icrm_models.db.engine import make_engine
from tests.actions.trackers import build_tracker

DOMAIN_DIR = Path(__file__).parents[3] / "bot" / "domain"


def bot_domain() -> dict[str, Any]:
    """The forms and slots of the real bot domain (all files merged), as actions receive it."""
    merged: dict[str, Any] = {"forms": {}, "slots": {}}
    for file in sorted(DOMAIN_DIR.glob("*.yml")):
        content = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for key in ("forms", "slots"):
            merged[key].update(content.get(key) or {})
    return merged


def slot_event(name: str, value: Any, timestamp: float) -> dict[str, Any]:
    return {"event": "slot", "timestamp": timestamp, "name": name, "value": value}


def order_entity(value: str, text: str) -> dict[str, Any]:
    start = text.index(value)
    return {"entity": "order_id", "value": value, "start": start, "end": start + len(value)}


def entity(name: str, value: str, text: str) -> dict[str, Any]:
    start = text.index(value)
    return {"entity": name, "value": value, "start": start, "end": start + len(value)}


def form_turn(
    text: str,
    intent: str | None,
    entities: Sequence[dict[str, Any]] = (),
    *,
    form: str,
    requested_slot: str | None,
    before: Mapping[str, Any] | None = None,
    candidates: Mapping[str, Any] | None = None,
    token: str | None = None,
    sender_id: str = "conv-test",
) -> Tracker:
    """A form's validation turn as Rasa sends it.

    ``before``: slots set earlier in the conversation (as slot events before the message);
    ``candidates``: the slots Rasa extracted from the newest message, appended after it.
    """
    earlier_slots = {**(before or {}), "requested_slot": requested_slot}
    earlier = [
        {"event": "active_loop", "timestamp": 1.0, "name": form},
        *(slot_event(name, value, 2.0) for name, value in earlier_slots.items()),
    ]
    tracker = build_tracker(
        text,
        intent,
        entities,
        slots={**earlier_slots, **(candidates or {})},
        token=token,
        active_loop=form,
        earlier=earlier,
        sender_id=sender_id,
    )
    state = tracker.current_state()
    state["events"] += [slot_event(name, value, 9e9) for name, value in (candidates or {}).items()]
    return Tracker.from_dict(state)


async def run_action(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[str]]:
    """The action's events and the texts it sent."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, bot_domain())
    return events, [m.get("text") or f"<{m.get('response')}>" for m in dispatcher.messages]


def slot_values(events: Sequence[dict[str, Any]]) -> list[tuple[str, Any]]:
    """(name, value) of the slot events, in order."""
    return [(e["name"], e["value"]) for e in events if e.get("event") == "slot"]


@contextmanager
def shop_session(url: str) -> Iterator[Session]:
    """A session on the test shop, to check what the actions changed."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()
