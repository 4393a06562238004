"""``action_default_ask_affirmation`` (Rasa's two-stage fallback, first stage): "Did you mean
…?" with the likeliest intents in words (up to three, each a button), and "Something else".

The right intent is among NLU's top three for most messages it is unsure of, so offering three
lets the customer pick instead of rephrasing. An intent far less likely than the first
(``MIN_SHARE`` of its confidence) is not offered. The customer's pick is stored with the unclear
message in the tracker store, where ``icrm nlu choices`` collects it as a labelled example.

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
from actions.fallback.messages import DID_YOU_MEAN, DID_YOU_MEAN_ONE_OF, REPHRASE, SOMETHING_ELSE

VALUE_LIMIT = 100  # characters of an entity value carried in a button payload
MAX_OFFERED = 3
MIN_SHARE = 0.25  # an intent is offered only with at least this share of the first's confidence


def likely_intents(tracker: Tracker) -> list[str]:
    """The best-ranked intents of the newest message that can be offered (never the fallback),
    at most ``MAX_OFFERED``, each at least ``MIN_SHARE`` as likely as the first."""
    message = tracker.latest_message
    ranking = message.get("intent_ranking") or [message.get("intent") or {}]
    offered: list[str] = []
    first: float | None = None
    for candidate in ranking:
        name = candidate.get("name")
        if describe(name) is None or name in offered:
            continue
        confidence = float(candidate.get("confidence") or 0.0)
        if first is None:
            first = confidence
        elif confidence < MIN_SHARE * first:
            break
        offered.append(str(name))
        if len(offered) == MAX_OFFERED:
            break
    return offered


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
        intents = likely_intents(tracker)
        if not intents:
            dispatcher.utter_message(text=REPHRASE)
            return []
        entities = payload_entities(tracker)
        buttons = []
        for intent in intents:
            description = describe(intent) or intent
            buttons.append(
                {
                    "title": description[:1].upper() + description[1:],
                    "payload": intent_payload(intent, entities),
                }
            )
        text = (
            DID_YOU_MEAN.format(description=describe(intents[0]))
            if len(intents) == 1
            else DID_YOU_MEAN_ONE_OF
        )
        dispatcher.utter_message(
            text=text, buttons=[*buttons, {"title": SOMETHING_ELSE, "payload": "/out_of_scope"}]
        )
        return []
