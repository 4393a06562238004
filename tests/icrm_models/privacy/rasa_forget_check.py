"""Runs inside the Rasa runtime (.venv-rasa): Rasa's own SQL tracker store around a deletion.

``before DB DUMP``: store a conversation of two sessions that names the customer, then take the
tracker a turn holds in memory (the newest session, retrieved, plus the "yes" not stored yet)
and write its events to DUMP. ``after DB DUMP``: the turn goes on as Rasa's would after the
deletion ran: the held tracker gets the action's events and is saved; then the conversation is
retrieved afresh. Prints what the table holds and what Rasa rebuilt from it.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

SENDER = "conv-rasa"
EMAIL = "quirinus.flederwisch@example.org"
PROOF = "987654321:1763900000"
DOMAIN = Domain.from_dict(
    {"slots": {"verified_customer_id": {"type": "any", "mappings": [{"type": "custom"}]}}}
)


def _store(database: str) -> SQLTrackerStore:
    return SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=database)


async def before(database: str, dump: str) -> dict[str, Any]:
    store = _store(database)
    tracker = DialogueStateTracker(SENDER, DOMAIN.slots)
    events = [
        ActionExecuted("action_session_start", timestamp=100.0),
        SessionStarted(timestamp=100.1),
        ActionExecuted("action_listen", timestamp=100.2),
        UserUttered(f"I am Quirinus Flederwisch, {EMAIL}", timestamp=101.0),
        SlotSet("verified_customer_id", PROOF, timestamp=102.0),
        ActionExecuted("action_session_start", timestamp=200.0),
        SessionStarted(timestamp=200.1),
        SlotSet("verified_customer_id", PROOF, timestamp=200.2),
        ActionExecuted("action_listen", timestamp=200.3),
        UserUttered(f"please delete {EMAIL}", timestamp=201.0),
        BotUttered("Are you sure, Quirinus Flederwisch?", timestamp=202.0),
        ActionExecuted("action_listen", timestamp=203.0),
    ]
    for event in events:
        tracker.update(event)
    await store.save(tracker)
    held = await store.retrieve(SENDER)
    assert held is not None
    held.update(UserUttered("yes", timestamp=300.0))
    with open(dump, "w") as out:
        json.dump([e.as_dict() for e in held.events], out)
    return {"stored": _rows(database), "held": len(held.events)}


async def after(database: str, dump: str) -> dict[str, Any]:
    store = _store(database)
    with open(dump) as held_events:
        held = DialogueStateTracker.from_dict(SENDER, json.load(held_events), DOMAIN.slots)
    for event in (
        ActionExecuted("action_delete_account", timestamp=301.0),
        BotUttered("Your account has been deleted.", timestamp=302.0),
        ActionExecuted("action_listen", timestamp=303.0),
    ):
        held.update(event)
    await store.save(held)
    fresh = await store.retrieve(SENDER)
    full = await store.retrieve_full_tracker(SENDER)
    assert fresh is not None and full is not None
    return {
        "rows": _rows(database),
        "slot": fresh.get_slot("verified_customer_id"),
        "retrieved": [e.as_dict().get("event") for e in fresh.events],
        "full": len(full.events),
        "texts": [getattr(e, "text", None) for e in full.events if getattr(e, "text", None)],
    }


def _rows(database: str) -> list[list[Any]]:
    with sqlite3.connect(database) as conn:
        return [list(row) for row in conn.execute("select type_name, data from events order by id")]


if __name__ == "__main__":
    step = {"before": before, "after": after}[sys.argv[1]]
    print(json.dumps(asyncio.run(step(sys.argv[2], sys.argv[3]))))
