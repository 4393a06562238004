"""``action_rate_chat``: the customer's one-tap rating (CSAT 1–5) of a chat with a colleague.

The widget shows the rating when the agent closes the case (the ``csat_request`` of Rasa's live
route, which also gives the conversation back to the assistant) and sends
``/rate_chat{"csat_score": N}``. The score goes on the conversation's latest closed case that
has no rating yet (:func:`icrm_models.live.queue.rate_conversation`), for the analysts; a second
tap, or a rating without a closed case, changes nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.errors import SafeAction
from actions.live.messages import NOTHING_TO_RATE, THANKS, THANKS_LOW, UNREADABLE
from actions.services import run_query
from icrm_models.live.queue import rate_conversation

logger = logging.getLogger(__name__)

SCORE_ENTITY = "csat_score"
LOW = 2  # this or less is a low rating


def csat_score(tracker: Tracker) -> int | None:
    """The rating the newest message carries (1–5), or None when it has none or another."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") != SCORE_ENTITY:
            continue
        value = entity.get("value")
        try:
            number = float(str(value).strip())
        except ValueError:
            return None
        if number.is_integer() and 1 <= number <= 5:
            return int(number)
        return None
    return None


def store_rating(session: Session, conversation_id: str, score: int, *, now: datetime) -> bool:
    """Rate the conversation's latest closed case; committed; False when there was none."""
    rated = rate_conversation(session, conversation_id, score, now=now)
    session.commit()
    return rated


class ActionRateChat(SafeAction):
    """Store the customer's rating of the chat and thank them."""

    def name(self) -> str:
        return "action_rate_chat"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        score = csat_score(tracker)
        if score is None:
            dispatcher.utter_message(text=UNREADABLE)
            return []
        now = self.clock()
        rated = await run_query(lambda s: store_rating(s, tracker.sender_id, score, now=now))
        logger.info("conversation %s: chat rated %s (stored: %s)", tracker.sender_id, score, rated)
        if not rated:
            dispatcher.utter_message(text=NOTHING_TO_RATE)
        else:
            dispatcher.utter_message(
                text=(THANKS_LOW if score <= LOW else THANKS).format(score=score)
            )
        return []
