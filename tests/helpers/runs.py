"""Running an action as the action server would, and reading what it returned."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.helpers.domain import bot_domain


def said_texts(messages: Sequence[dict[str, Any]]) -> list[str]:
    """What the bot said: each message's text, or ``<response>`` for a domain response."""
    return [m.get("text") or f"<{m.get('response')}>" for m in messages]


async def run_with_messages(
    action: Action, tracker: Tracker
) -> tuple[list[dict[str, Any]], list[str], list[dict[str, Any]]]:
    """The action's events, the texts it sent, and its messages (with buttons), run with the
    bot's real domain (what form validation reads)."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, bot_domain())
    return events, said_texts(dispatcher.messages), dispatcher.messages


async def run_action(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[str]]:
    """The action's events and the texts it sent."""
    events, texts, _messages = await run_with_messages(action, tracker)
    return events, texts


def slot_values(events: Sequence[dict[str, Any]]) -> list[tuple[str, Any]]:
    """(name, value) of the slot events, in order."""
    return [(e["name"], e["value"]) for e in events if e.get("event") == "slot"]


def slot_set(name: str, value: Any) -> dict[str, Any]:
    """A ``SlotSet`` event as an action returns it (to compare with its exact events)."""
    return {"event": "slot", "timestamp": None, "name": name, "value": value}
