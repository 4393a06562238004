"""Conversations as Rasa 3.6's SQL tracker store holds them: its events table and its rows."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from icrm_models.privacy.tracker_store import EVENTS

# Rasa 3.6's events table, as the product describes it
RASA_EVENTS = EVENTS


def rasa_event(sender_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """A row as Rasa's SQLTrackerStore.save writes it for the serialised event ``data``."""
    return {
        "sender_id": sender_id,
        "type_name": data["event"],
        "timestamp": data.get("timestamp"),
        "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def store_conversation(session: Session, sender_id: str, events: list[dict[str, Any]]) -> None:
    """Write serialised events of one conversation to Rasa's table, in order, and commit."""
    session.execute(insert(RASA_EVENTS), [rasa_event(sender_id, e) for e in events])
    session.commit()


def said(text: str, ts: float, intent: str = "inform", **metadata: Any) -> dict[str, Any]:
    """A user event as Rasa serialises it."""
    return {
        "event": "user",
        "timestamp": ts,
        "text": text,
        "parse_data": {"intent": {"name": intent}, "text": text, "metadata": metadata},
        "metadata": metadata,
    }


def slot(name: str, value: Any, ts: float) -> dict[str, Any]:
    """A slot event as Rasa serialises it."""
    return {"event": "slot", "timestamp": ts, "name": name, "value": value}


def session_start(ts: float, **metadata: Any) -> dict[str, Any]:
    """A session start as Rasa serialises it."""
    return {"event": "session_started", "timestamp": ts, "metadata": metadata}


def bot(text: str, ts: float) -> dict[str, Any]:
    """A bot utterance as Rasa serialises it."""
    return {"event": "bot", "timestamp": ts, "text": text}
