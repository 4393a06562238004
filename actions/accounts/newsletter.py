"""``action_newsletter_subscription``: subscribe or unsubscribe the verified customer."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.accounts.messages import (
    ALREADY_SUBSCRIBED,
    ALREADY_UNSUBSCRIBED,
    NOT_VERIFIED,
    STATUS_SUBSCRIBED,
    STATUS_UNSUBSCRIBED,
    SUBSCRIBED,
    UNSUBSCRIBED,
)
from actions.digressions.answers import latest_text
from actions.errors import SafeAction
from actions.identity import current_customer_id
from actions.services import run_query
from icrm_models.accounts.newsletter import (
    NewsletterResult,
    is_subscribed,
    newsletter_wish,
    set_newsletter,
)
from icrm_models.clock import Clock, utc_now

logger = logging.getLogger(__name__)
INTENT = "newsletter_subscription"


def newsletter_request(tracker: Tracker) -> str:
    """The customer's newsletter message (identity questions may have come after it)."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent == INTENT:
            return str(event.get("text") or "")
    return latest_text(tracker)


class ActionNewsletterSubscription(SafeAction):
    """Change ``newsletter_consent`` with evidence, or say it already is as wished."""

    def __init__(self, clock: Clock = utc_now) -> None:
        self.clock = clock

    def name(self) -> str:
        return "action_newsletter_subscription"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        customer_id = current_customer_id(tracker)
        if customer_id is None:
            dispatcher.utter_message(text=NOT_VERIFIED)
            return []
        wish = newsletter_wish(newsletter_request(tracker))
        if wish == "status":
            subscribed = await run_query(lambda s: is_subscribed(s, customer_id=customer_id))
            if subscribed is None:
                dispatcher.utter_message(text=NOT_VERIFIED)
            else:
                dispatcher.utter_message(
                    text=STATUS_SUBSCRIBED if subscribed else STATUS_UNSUBSCRIBED
                )
            return []
        subscribe = wish == "subscribe"
        now, conversation = self.clock(), tracker.sender_id
        result = await run_query(
            lambda s: set_newsletter(
                s,
                customer_id=customer_id,
                subscribe=subscribe,
                now=now,
                conversation_id=conversation,
            )
        )
        logger.info("conversation %s: newsletter %s: %s", conversation, wish, result.value)
        if result is NewsletterResult.CHANGED:
            dispatcher.utter_message(text=SUBSCRIBED if subscribe else UNSUBSCRIBED)
        elif result is NewsletterResult.UNCHANGED:
            dispatcher.utter_message(text=ALREADY_SUBSCRIBED if subscribe else ALREADY_UNSUBSCRIBED)
        else:
            dispatcher.utter_message(text=NOT_VERIFIED)
        return []
