"""Rasa's SQL tracker store, minus the secrets the widget sends with each message.

The widget sends the shop's identity token and its per-conversation client key in each user
message's metadata; actions need them for the turn that carries them, but Rasa would persist
them with the event (and publish them to the event broker), where anyone reading the store or
the analytics could replay them. This store replaces the token with ``"[redacted]"`` and the
client key with ``client_key_sha256``, its SHA-256 (hex) — what the history route of
``channels.live`` compares a returning widget's key with; the key itself cannot be recovered
from it. The turn in progress keeps its in-memory copy, so actions still see them; only the
newest message's metadata ever counts, so nothing stored is needed later.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any, Dict, List, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)

SECRET_METADATA_KEYS = ("identity_token", "client_key")
CLIENT_KEY = "client_key"
CLIENT_KEY_HASH = "client_key_sha256"
REDACTED = "[redacted]"


def client_key_sha256(client_key: str) -> str:
    """The hex SHA-256 of a widget's client key (as ``icrm_models.chat_proof`` hashes it)."""
    return hashlib.sha256(client_key.encode()).hexdigest()


def _redacted(value: Any) -> Any:
    """``value`` with every secret key's value replaced, at any depth (copies, never in place):
    a client key by its hash under ``client_key_sha256``, any other secret by ``[redacted]``."""
    if isinstance(value, dict):
        result: Dict[Text, Any] = {}
        for key, item in value.items():
            if key == CLIENT_KEY and isinstance(item, str) and item:
                result[CLIENT_KEY_HASH] = client_key_sha256(item)
            elif key in SECRET_METADATA_KEYS and item:
                result[key] = REDACTED
            else:
                result[key] = _redacted(item)
        return result
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    return value


def redact_event(data: Dict[Text, Any]) -> Dict[Text, Any]:
    """A copy of a serialised event without the widget's secrets, wherever Rasa put them.

    A user event carries its metadata twice (on the event and inside ``parse_data``), and
    ``action_session_start`` copies the first message's metadata into the slot
    ``session_started_metadata``: every level is searched.
    """
    result: Dict[Text, Any] = _redacted(data)
    return result


class RedactingSQLTrackerStore(SQLTrackerStore):
    """:class:`SQLTrackerStore` that never writes or publishes the widget's secrets."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the events not stored yet, redacted (Rasa 3.6's ``save``, one line changed)."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = redact_event(event.as_dict())
                intent = data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY)
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=intent,
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
        logger.debug("Tracker with sender_id '%s' stored to database", tracker.sender_id)

    async def _stream_new_events(
        self, event_broker: EventBroker, new_events: List[Event], sender_id: Text
    ) -> None:
        """Publish the new events to the broker, redacted like the stored ones."""
        for event in new_events:
            event_broker.publish({"sender_id": sender_id, **redact_event(event.as_dict())})
