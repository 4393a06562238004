"""Runs inside the Rasa runtime (.venv-rasa): endpoints.yml's tracker store and event broker.

Reads endpoints.yml as ``rasa run`` does (the variables come from the environment the test
derives with ``icrm_models.launcher.rasa_env``), builds the event broker and our tracker store
from it, and saves a two-turn conversation the way Rasa's processor does (save after each
turn), so the events land in the ``events`` table and, with a broker, in RabbitMQ. Prints the
broker's class (None: no broker) and how many events were saved.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bot"))  # endpoints.yml names stores.*

from rasa.core.brokers.broker import EventBroker  # noqa: E402
from rasa.core.tracker_store import TrackerStore  # noqa: E402
from rasa.core.utils import AvailableEndpoints  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import (  # noqa: E402
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

DOMAIN = Domain.from_dict(
    {
        "intents": ["request_return", "inform", "contact_human_agent"],
        "slots": {
            "order_id": {"type": "any", "mappings": [{"type": "custom"}]},
        },
        "forms": {"return_form": {"required_slots": ["order_id"]}},
    }
)
METADATA = {"identity_token": "v1.secret-token", "client_key": "k" * 24, "supports_cards": True}


def _said(text: str, intent: str, confidence: float, **entities: Any) -> UserUttered:
    parse = {
        "intent": {"name": intent, "confidence": confidence},
        "entities": [{"entity": k, "value": v, "start": 0, "end": 1} for k, v in entities.items()],
        "text": text,
    }
    return UserUttered(
        text, parse["intent"], parse["entities"], parse, metadata=METADATA, input_channel="rest"
    )


def turns() -> list[list[Event]]:
    """Two turns of a conversation, as Rasa's processor appends them."""
    return [
        [
            ActionExecuted("action_session_start"),
            SessionStarted(metadata=METADATA),
            SlotSet("session_started_metadata", METADATA),
            ActionExecuted("action_listen"),
            _said(
                "I want to return order 10023, I'm ann@example.com",
                "request_return",
                0.91,
                order_id="10023",
            ),
            ActionExecuted("return_form"),
            ActiveLoop("return_form"),
            SlotSet("order_id", "10023"),
            SlotSet("requested_slot", "order_id"),
            BotUttered("Which order?", metadata={"utter_action": "utter_ask_order_id"}),
            ActionExecuted("action_listen"),
        ],
        [
            _said("a person please", "contact_human_agent", 0.97),
            ActionExecuted("action_deactivate_loop"),
            ActiveLoop(None),
            ActionExecuted("action_handoff_to_human"),
            BotUttered("A colleague will be with you shortly."),
            ConversationPaused(),
            BotUttered(
                "Hi, I'm Anna.", metadata={"agent": {"id": 1, "name": "Anna"}, "live": "message"}
            ),
        ],
    ]


async def main(sender: str) -> dict[str, Any]:
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    broker = await EventBroker.create(endpoints.event_broker)
    store = TrackerStore.create(endpoints.tracker_store, domain=DOMAIN, event_broker=broker)
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    saved = 0
    for turn in turns():
        for event in turn:
            tracker.update(event, DOMAIN)
        await store.save(tracker)
        saved += len(turn)
        tracker = await store.retrieve(sender)  # the next turn starts from the store, as in Rasa
        assert tracker is not None
    if broker is not None:
        await asyncio.sleep(1.0)  # publishing runs in background tasks
        await broker.close()
    return {"broker": type(broker).__name__ if broker else None, "saved": saved}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))))
