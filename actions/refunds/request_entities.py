"""What the customer named when they made a request, read back after a verification.

Requests that need a verified customer run after ``identity_form``; by then the newest message
may be the customer's e-mail or the order number that proved who they are. What counts is the
message that made the request: the newest one with the request's intent.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from rasa_sdk import Tracker


def request_message(tracker: Tracker, intents: Collection[str]) -> dict[str, Any] | None:
    """The parse data of the newest user message with one of ``intents``, or None."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        parse: dict[str, Any] = event.get("parse_data") or {}
        if (parse.get("intent") or {}).get("name") in intents:
            return {**parse, "text": parse.get("text") or event.get("text") or ""}
    return None


def entity_in_request(tracker: Tracker, intents: Collection[str], entity: str) -> str | None:
    """The first ``entity`` value in the newest user message with one of ``intents``, or None."""
    parse = request_message(tracker, intents)
    for found in (parse or {}).get("entities") or []:
        if found.get("entity") == entity and found.get("value") is not None:
            return str(found["value"])
    return None
