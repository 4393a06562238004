"""Runs inside the Rasa runtime (.venv-rasa): saves a conversation whose user messages carry the
widget's identity token and client key through the redacting tracker store (created the way
Rasa creates it from endpoints.yml), and prints what the database rows and the event broker got,
and what the in-memory tracker kept."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.utils.endpoints import EndpointConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bot"))

TOKEN = "eyJzdWIiOjF9.SECRET-TOKEN-SIGNATURE"
CLIENT_KEY = "client-key-SECRET-0123456789"


class RecordingBroker(EventBroker):
    """An event broker that keeps what it is given."""

    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def publish(self, event: dict[str, Any]) -> None:
        self.published.append(event)

    def is_ready(self) -> bool:
        return True


async def main(database: str) -> dict[str, Any]:
    broker = RecordingBroker()
    config = EndpointConfig(
        url=f"sqlite:///{database}",
        type="stores.redacting_tracker_store.RedactingSQLTrackerStore",
    )
    store = TrackerStore.create(config, Domain.empty(), broker)
    tracker = await store.get_or_create_tracker("conv-1")
    metadata = {"identity_token": TOKEN, "client_key": CLIENT_KEY, "supports_cards": True}
    # action_session_start keeps the first message's metadata in a slot
    tracker.update(SlotSet("session_started_metadata", dict(metadata)))
    tracker.update(UserUttered("where is my order 10023?", metadata=metadata))
    tracker.update(ActionExecuted("action_track_order"))
    tracker.update(BotUttered("Order 10023 is on its way."))
    await store.save(tracker)
    tracker.update(
        UserUttered("thanks", metadata={"identity_token": TOKEN, "client_key": CLIENT_KEY})
    )
    await store.save(tracker)
    rows = sqlite3.connect(database).execute("select type_name, data from events").fetchall()
    stored = await store.retrieve("conv-1")
    return {
        "store_class": type(getattr(store, "_tracker_store", store)).__name__,
        "rows": len(rows),
        "user_rows": sum(1 for kind, _ in rows if kind == "user"),
        "rows_with_secret": sum(1 for _, data in rows if TOKEN in data or CLIENT_KEY in data),
        "stored_metadata": [json.loads(d).get("metadata") for k, d in rows if k == "user"],
        "published": len(broker.published),
        "published_with_secret": sum(
            1 for e in broker.published if TOKEN in json.dumps(e) or CLIENT_KEY in json.dumps(e)
        ),
        "in_memory_token": tracker.latest_message.metadata.get("identity_token") == TOKEN,
        "retrieved_events": len(stored.events) if stored else 0,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))))
