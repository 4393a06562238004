"""``action_default_ask_affirmation`` (Rasa's two-stage fallback, first stage): "Did you mean
…?" with the likeliest intent in words, and "Something else".

Overrides Rasa's default, which shows the intent's internal name. The button repeats the
message's entities in its payload ("/track_order{"order_id": "10023"}"), so the order number in
the unclear message isn't lost when the customer confirms.
"""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.fallback.descriptions import describe
from actions.fallback.messages import DID_YOU_MEAN, REPHRASE, SOMETHING_ELSE

VALUE_LIMIT = 100  # characters of an entity value carried in a button payload


def likeliest_intent(tracker: Tracker) -> str | None:
    """The best-ranked intent of the newest message that can be offered (not the fallback)."""
    message = tracker.latest_message
    ranking = message.get("intent_ranking") or [message.get("intent") or {}]
    for candidate in ranking:
        name = candidate.get("name")
        if describe(name) is not None:
            return str(name)
    return None


def payload_entities(tracker: Tracker) -> dict[str, Any]:
    """The newest message's entities as a payload's JSON object (roles can't be carried, so
    entities with a role — "under 80" — are left out rather than changed in meaning)."""
    found: dict[str, list[str]] = {}
    for entity in tracker.latest_message.get("entities") or []:
        name, value = entity.get("entity"), entity.get("value")
        if not name or value is None or entity.get("role") or entity.get("group"):
            continue
        found.setdefault(str(name), []).append(str(value)[:VALUE_LIMIT])
    return {name: values[0] if len(values) == 1 else values for name, values in found.items()}


def intent_payload(intent: str, entities: dict[str, Any]) -> str:
    """``/intent`` with the entities as JSON, the format Rasa reads from buttons."""
    return f"/{intent}" + (json.dumps(entities) if entities else "")


class ActionDefaultAskAffirmation(SafeAction):
    """Ask whether the customer meant the likeliest intent."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = likeliest_intent(tracker)
        description = describe(intent)
        if intent is None or description is None:
            dispatcher.utter_message(text=REPHRASE)
            return []
        dispatcher.utter_message(
            text=DID_YOU_MEAN.format(description=description),
            buttons=[
                {
                    "title": description[:1].upper() + description[1:],
                    "payload": intent_payload(intent, payload_entities(tracker)),
                },
                {"title": SOMETHING_ELSE, "payload": "/out_of_scope"},
            ],
        )
        return []
