"""``action_handoff_to_human``: a colleague takes over this conversation.

Opens (or updates) the conversation's ticket with a summary of the chat, logs
"handoff_requested" and sets ``handoff_requested``; the customer learns whether a colleague is
around now or when the team is back (the contact hours in ``data/policies.yml``). Pausing the
bot and the agents' console are not part of this.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.digressions.answers import latest_intent
from actions.errors import SafeAction
from actions.handoff.messages import COLLEAGUE_HOURS_UNKNOWN, COLLEAGUE_LATER, COLLEAGUE_NOW
from actions.handoff.slots import HANDOFF_OFFERED, HANDOFF_REQUESTED
from actions.identity import current_customer_id
from actions.services import run_query, services
from actions.transcript import recent_texts
from icrm_models.support.contact_hours import parse_contact_hours
from icrm_models.support.handoff import request_handoff

logger = logging.getLogger(__name__)


def availability(hours_text: str, *, ticket: int, now: datetime) -> str:
    """The message for the customer: a colleague now, or when the team is back."""
    hours = parse_contact_hours(hours_text)
    if hours is None:
        logger.warning("contact hours %r could not be read; quoting them", hours_text)
        return COLLEAGUE_HOURS_UNKNOWN.format(hours=hours_text, ticket=ticket)
    if hours.is_open(now):
        return COLLEAGUE_NOW.format(ticket=ticket)
    opening = hours.next_opening(now)
    if opening is None:
        return COLLEAGUE_HOURS_UNKNOWN.format(hours=hours_text, ticket=ticket)
    return COLLEAGUE_LATER.format(when=hours.describe_opening(opening, now=now), ticket=ticket)


class ActionHandoffToHuman(SafeAction):
    """Hand the conversation to a colleague (asked for, or an offer accepted)."""

    def name(self) -> str:
        return "action_handoff_to_human"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        trigger = "asked" if latest_intent(tracker) == "contact_human_agent" else "accepted offer"
        customer_id = current_customer_id(tracker)
        messages = recent_texts(tracker)
        now = self.clock()
        handoff = await run_query(
            lambda s: request_handoff(
                s,
                conversation_id=tracker.sender_id,
                customer_id=customer_id,
                recent_messages=messages,
                trigger=trigger,
                now=now,
            )
        )
        logger.info(
            "conversation %s: handoff requested, ticket %s (%s)",
            tracker.sender_id,
            handoff.ticket_id,
            handoff.priority,
        )
        hours = services().policies.get().contact.hours
        dispatcher.utter_message(text=availability(hours, ticket=handoff.ticket_id, now=now))
        return [SlotSet(HANDOFF_REQUESTED, True), SlotSet(HANDOFF_OFFERED, False)]
