"""What the customer said in this conversation, read from the tracker's events.

Tickets carry the last user messages (so a colleague needn't ask again), and complaints and
reviews look at the messages since the customer started them (order numbers and products named
anywhere in the complaint, a rating given in the first sentence).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from rasa_sdk import Tracker

from icrm_models.orders.status import parse_order_number
from icrm_models.support.text import clean_text

MESSAGE_LIMIT = 300


def user_events(tracker: Tracker) -> list[dict[str, Any]]:
    """Every user message of the conversation, oldest first."""
    return [e for e in tracker.events if e.get("event") == "user"]


def intent_of(event: dict[str, Any]) -> str | None:
    """The intent NLU gave a user event."""
    name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
    return str(name) if name else None


def text_of(event: dict[str, Any]) -> str:
    """A user event's text ("" for none)."""
    return str(event.get("text") or "")


def since_intent(tracker: Tracker, intents: Collection[str]) -> list[dict[str, Any]]:
    """The user messages from the latest one with one of ``intents`` on (all if there is none)."""
    events = user_events(tracker)
    for index in range(len(events) - 1, -1, -1):
        if intent_of(events[index]) in intents:
            return events[index:]
    return events


def since_form_start(tracker: Tracker, form: str, intents: Collection[str]) -> list[dict[str, Any]]:
    """The user messages from the one that started the latest run of ``form`` on.

    Falls back to ``since_intent(tracker, intents)`` when the form never ran (or the events were
    trimmed). Not simply the latest ``intents`` message: answers inside the form may carry the
    same intent ("it arrived broken, unacceptable" is a complaint too).
    """
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.get("event") == "active_loop" and event.get("name") == form:
            for start in range(index - 1, -1, -1):
                if events[start].get("event") == "user":
                    return [e for e in events[start:] if e.get("event") == "user"]
            break
    return since_intent(tracker, intents)


def recent_texts(tracker: Tracker, *, limit: int = 6) -> list[str]:
    """The customer's last ``limit`` typed messages, cleaned (button payloads like "/affirm" left
    out: they are not the customer's words)."""
    texts = [clean_text(text_of(e), limit=MESSAGE_LIMIT) for e in user_events(tracker)]
    texts = [t for t in texts if t and not t.startswith("/")]
    return texts[-limit:]


def entity_values(events: Sequence[dict[str, Any]], entity: str) -> list[str]:
    """Every value of ``entity`` in ``events``, in order, without repeats."""
    values: list[str] = []
    for event in events:
        for found in (event.get("parse_data") or {}).get("entities") or []:
            if found.get("entity") == entity and found.get("value") is not None:
                value = str(found["value"])
                if value not in values:
                    values.append(value)
    return values


def order_numbers(events: Sequence[dict[str, Any]]) -> list[int]:
    """The order numbers mentioned in ``events`` (entities that are valid numbers), in order."""
    numbers = [parse_order_number(v) for v in entity_values(events, "order_id")]
    return [n for n in numbers if n is not None]
