"""``action_answer_policy``: refund, cancellation-fee, delivery, payment and contact questions."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.identity import current_identity
from actions.orders.messages import describe_order
from actions.services import run_query, services
from icrm_models.orders.status import order_status, parse_order_number
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
        if topic == "delivery_period":
            await _named_order_eta(dispatcher, tracker)
        return []


async def _named_order_eta(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """ "When will order 10023 arrive?" also gets that order's own status and expected date,
    when the conversation may see it (someone else's order adds nothing, like a missing one)."""
    identity = current_identity(tracker)
    mentioned = next(tracker.get_latest_entity_values("order_id"), None)
    order_id = parse_order_number(mentioned) if mentioned is not None else None
    if identity is None or order_id is None or not identity.may_see_order(order_id):
        return
    customer_id = identity.customer_id
    status = await run_query(lambda s: order_status(s, customer_id=customer_id, order_id=order_id))
    if status is not None:
        dispatcher.utter_message(text=describe_order(status))
