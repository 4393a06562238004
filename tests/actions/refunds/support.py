"""Helpers for the return, refund and billing action tests: the shop's clock, the real domain's
form and slots, trackers of a form turn, and direct access to the test shop."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from actions.services import services
from tests.actions.trackers import T0, build_tracker
from tests.conftest import AS_OF

DOMAIN_DIR = Path(__file__).parents[3] / "bot" / "domain"


def shop_clock() -> datetime:
    """The seeded shop's "now"."""
    return AS_OF


def entity(name: str, value: str) -> dict[str, Any]:
    return {"entity": name, "value": value, "start": 0, "end": len(value)}


def slot_event(name: str, value: Any, timestamp: float = T0 + 1) -> dict[str, Any]:
    return {"event": "slot", "timestamp": timestamp, "name": name, "value": value}


def domain() -> dict[str, Any]:
    """The forms and slots of the real bot domain (the parts form validation reads)."""
    merged: dict[str, Any] = {"forms": {}, "slots": {}}
    for file in sorted(DOMAIN_DIR.glob("*.yml")):
        content = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        merged["forms"].update(content.get("forms") or {})
        merged["slots"].update(content.get("slots") or {})
    return merged


def form_turn(
    text: str,
    intent: str | None,
    entities: Sequence[dict[str, Any]] = (),
    *,
    form: str,
    requested_slot: str | None,
    slots: dict[str, Any] | None = None,
    candidates: dict[str, Any] | None = None,
    token: str | None = None,
    earlier: Sequence[dict[str, Any]] = (),
) -> Tracker:
    """The tracker a form's validation action receives for the newest message.

    ``slots`` hold before the message (and are also written as slot events before it, so
    "the value before this message" is known); ``candidates`` are the values extracted from it,
    appended after it as Rasa does.
    """
    before = dict(slots or {})
    history = [slot_event(name, value) for name, value in before.items()]
    tracker = build_tracker(
        text,
        intent,
        entities,
        slots={**before, "requested_slot": requested_slot},
        token=token,
        active_loop=form if requested_slot else None,
        earlier=[*history, *earlier],
    )
    state = copy.deepcopy(tracker.current_state())
    for name, value in (candidates or {}).items():
        state["events"].append(slot_event(name, value, T0 + 101))
        state["slots"][name] = value
    return Tracker.from_dict(state)


@contextmanager
def shop_session() -> Iterator[Session]:
    """A session on the test shop the actions use."""
    with services().sessions() as session:
        yield session


POLICIES_FILE = Path(__file__).parents[3] / "data" / "policies.yml"
