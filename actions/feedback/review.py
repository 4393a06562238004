"""``action_store_review``: the review as a behaviour event, with its rating and product."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.feedback.messages import REVIEW_EMPTY, REVIEW_LOW_RATING, review_thanks
from actions.feedback.review_form import REVIEW_TEXT
from actions.identity import current_customer_id
from actions.services import run_query
from actions.transcript import entity_values, since_form_start, text_of
from icrm_models.support.rating import parse_rating
from icrm_models.support.reviews import TEXT_LIMIT, store_review
from icrm_models.support.text import clean_text

logger = logging.getLogger(__name__)

LOW_RATING = 2


class ActionStoreReview(SafeAction):
    """Store the review; a low rating gets the offer to open a complaint."""

    def name(self) -> str:
        return "action_store_review"

    def on_failure_events(self, tracker: Tracker) -> list[dict[str, Any]]:
        # Told honestly (SafeAction); the slot is cleared so a new review doesn't reuse this text.
        return [SlotSet(REVIEW_TEXT, None)]

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = self.on_failure_events(tracker)  # cleared after a success too
        text = clean_text(tracker.get_slot(REVIEW_TEXT), limit=TEXT_LIMIT)
        if not text:
            dispatcher.utter_message(text=REVIEW_EMPTY)
            return reset
        messages = since_form_start(tracker, "review_form", {"review"})
        # The review's own text first, then the request ("I want to rate my jacket 5 stars").
        rating = parse_rating(text)
        for event in reversed(messages):
            if rating is not None:
                break
            rating = parse_rating(text_of(event))
        customer_id = current_customer_id(tracker)
        mentions = entity_values(messages, "product")
        now = self.clock()
        stored = await run_query(
            lambda s: store_review(
                s,
                conversation_id=tracker.sender_id,
                customer_id=customer_id,
                text=text,
                rating=rating,
                product_mentions=mentions,
                now=now,
            )
        )
        logger.info(
            "conversation %s: review stored (rating %s, product %s)",
            tracker.sender_id,
            stored.rating,
            stored.product_id,
        )
        dispatcher.utter_message(text=review_thanks(product=stored.product_name, rating=rating))
        if rating is not None and rating <= LOW_RATING:
            dispatcher.utter_message(text=REVIEW_LOW_RATING)
        return reset
