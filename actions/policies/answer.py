"""``action_answer_policy``: refund, cancellation-fee, delivery, payment and contact questions."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.services import services
from icrm_models.policies.answers import TOPICS, policy_answer


def latest_policy_topic(tracker: Tracker) -> str | None:
    """The policy question the customer asked last (digressions inside forms included)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if name in TOPICS:
                return str(name)
    return None


class ActionAnswerPolicy(SafeAction):
    """Answer the latest policy question from ``data/policies.yml``."""

    def name(self) -> str:
        return "action_answer_policy"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        topic = latest_policy_topic(tracker)
        if topic is None:
            dispatcher.utter_message(response="utter_policy_topics")
            return []
        dispatcher.utter_message(text=policy_answer(services().policies.get(), topic))
        return []
