"""Helpers for the feedback, handoff and fallback action tests: trackers as Rasa sends them
(form turns, earlier messages), runs that collect events and texts, database look-ups."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.engine import make_engine
from icrm_models.db.schema import BehaviourEvent, SupportTicket
from tests.actions.trackers import T0, build_tracker, user_event

DOMAIN_DIR = Path(__file__).parents[3] / "bot" / "domain"


def bot_domain() -> dict[str, Any]:
    """The forms and slots of the real bot domain (all files merged), as actions receive it."""
    merged: dict[str, Any] = {"forms": {}, "slots": {}}
    for file in sorted(DOMAIN_DIR.glob("*.yml")):
        content = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for key in ("forms", "slots"):
            merged[key].update(content.get(key) or {})
    return merged


def slot_event(name: str, value: Any, timestamp: float = 2.0) -> dict[str, Any]:
    return {"event": "slot", "timestamp": timestamp, "name": name, "value": value}


def entity(name: str, value: str, text: str) -> dict[str, Any]:
    """An entity as NLU reports it, found in ``text``."""
    start = text.index(value)
    return {"entity": name, "value": value, "start": start, "end": start + len(value)}


def said(text: str, intent: str | None, entities: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """An earlier user message."""
    return user_event(text, intent, entities, timestamp=5.0)


def form_turn(
    text: str,
    intent: str | None,
    entities: Sequence[dict[str, Any]] = (),
    *,
    form: str,
    requested_slot: str | None,
    earlier: Sequence[dict[str, Any]] = (),
    slots: Mapping[str, Any] | None = None,
    asked: int = 1,
    token: str | None = None,
) -> Tracker:
    """A turn of an active form: the form was activated after ``earlier`` and has asked for
    ``requested_slot`` ``asked`` times; ``text`` is the customer's answer."""
    events = [
        *earlier,
        {"event": "active_loop", "timestamp": 6.0, "name": form},
        *(slot_event("requested_slot", requested_slot, 7.0) for _ in range(asked)),
    ]
    return build_tracker(
        text,
        intent,
        entities,
        slots={**(slots or {}), "requested_slot": requested_slot},
        token=token,
        active_loop=form,
        earlier=events,
    )


def after_form(
    form: str,
    messages: Sequence[tuple[str, str | None, Sequence[dict[str, Any]]]],
    *,
    slots: Mapping[str, Any],
    token: str | None = None,
    earlier: Sequence[dict[str, Any]] = (),
    sender_id: str = "conv-test",
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


async def run_action(
    action: Action, tracker: Tracker
) -> tuple[list[dict[str, Any]], list[str], list[dict[str, Any]]]:
    """The action's events, the texts it sent, and its messages (with buttons)."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, bot_domain())
    texts = [m.get("text") or f"<{m.get('response')}>" for m in dispatcher.messages]
    return events, texts, dispatcher.messages


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


def tickets(url: str, conversation_id: str = "conv-test") -> list[SupportTicket]:
    """The tickets of a conversation, oldest first (detached, for assertions)."""
    with shop_session(url) as session:
        found = session.scalars(
            select(SupportTicket)
            .where(SupportTicket.conversation_id == conversation_id)
            .order_by(SupportTicket.id)
        ).all()
        session.expunge_all()
        return list(found)


def behaviour(url: str, event_type: str) -> list[BehaviourEvent]:
    """The behaviour events of one type, oldest first (detached)."""
    with shop_session(url) as session:
        found = session.scalars(
            select(BehaviourEvent)
            .where(BehaviourEvent.event_type == event_type)
            .order_by(BehaviourEvent.id)
        ).all()
        session.expunge_all()
        return list(found)
