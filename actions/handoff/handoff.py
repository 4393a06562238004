"""``action_handoff_to_human``: a colleague takes over this conversation.

Opens (or updates) the conversation's ticket with a summary of the chat and logs
"handoff_requested" (:mod:`icrm_models.support.handoff`), queues the live case for the agents'
console with its reason (:mod:`actions.handoff.reasons`) and priority
(:func:`icrm_models.live.queue.enqueue`: one open case per conversation), and tells the customer
honestly when someone will answer: an agent online now, the team open but nobody free, or when
the team is back. It returns ``ConversationPaused`` last: from then on Rasa records every
customer message but the assistant says nothing, until an agent hands the chat back through
Rasa's live route (``bot/channels/live.py``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.errors import SafeAction
from actions.handoff.messages import (
    BOT_STEPS_BACK,
    COLLEAGUE_HOURS_UNKNOWN,
    COLLEAGUE_LATER,
    COLLEAGUE_NOW,
    COLLEAGUE_SOON,
)
from actions.handoff.reasons import handoff_reason
from actions.handoff.slots import HANDOFF_OFFERED, HANDOFF_REQUESTED
from actions.identity import current_customer_id
from actions.services import run_query, services
from actions.transcript import recent_texts
from icrm_models.live.agents import agents_online
from icrm_models.live.queue import enqueue
from icrm_models.support.contact_hours import parse_contact_hours
from icrm_models.support.handoff import request_handoff
from icrm_models.support.redaction import redact_transcript
from icrm_models.support.summary import ticket_summary
from icrm_models.support.text import clean_text

logger = logging.getLogger(__name__)

TEAM = "support"  # the team whose queue a chat handoff joins
FIRST_MESSAGE_LIMIT = 300
# The ticket log's wording of each reason (kept from before the live cases).
TICKET_TRIGGER = {"asked": "asked", "accepted_offer": "accepted offer"}


@dataclass(frozen=True)
class QueuedHandoff:
    """The ticket and the live case of a handoff, and how many agents are online now."""

    ticket_id: int
    case_id: int
    priority: str
    agents_online: int


def availability(hours_text: str, *, ticket: int, now: datetime, online: int = 0) -> str:
    """The message for the customer: a colleague now, soon, or when the team is back.

    ``online``: agents online in the console now; one is enough for "shortly", whatever the
    hours say (someone is there), none within the hours means a wait in the queue.
    """
    if online > 0:
        return COLLEAGUE_NOW.format(ticket=ticket)
    hours = parse_contact_hours(hours_text)
    if hours is None:
        logger.warning("contact hours %r could not be read; quoting them", hours_text)
        return COLLEAGUE_HOURS_UNKNOWN.format(hours=hours_text, ticket=ticket)
    if hours.is_open(now):
        return COLLEAGUE_SOON.format(ticket=ticket)
    opening = hours.next_opening(now)
    if opening is None:
        return COLLEAGUE_HOURS_UNKNOWN.format(hours=hours_text, ticket=ticket)
    return COLLEAGUE_LATER.format(when=hours.describe_opening(opening, now=now), ticket=ticket)


def queue_handoff(
    session: Session,
    *,
    conversation_id: str,
    customer_id: int | None,
    messages: list[str],
    reason: str,
    now: datetime,
) -> QueuedHandoff:
    """The ticket (opened or updated) and the live case (queued or re-queued), committed."""
    handoff = request_handoff(
        session,
        conversation_id=conversation_id,
        customer_id=customer_id,
        recent_messages=messages,
        trigger=TICKET_TRIGGER.get(reason, reason),
        now=now,
    )
    summary = ticket_summary(
        f"Handoff to a colleague ({reason.replace('_', ' ')}), ticket #{handoff.ticket_id}",
        reasons=handoff.reasons,
        recent_messages=messages,
    )
    first = (
        clean_text(redact_transcript(messages[0]), limit=FIRST_MESSAGE_LIMIT) if messages else ""
    )
    case = enqueue(
        session,
        conversation_id=conversation_id,
        reason=reason,
        priority=handoff.priority,
        summary=summary,
        first_message=first,
        customer_id=customer_id,
        ticket_id=handoff.ticket_id,
        team=TEAM,
        now=now,
    )
    session.commit()
    return QueuedHandoff(
        ticket_id=handoff.ticket_id,
        case_id=case.id,
        priority=str(case.priority),
        agents_online=agents_online(session, now=now, team=TEAM),
    )


class ActionHandoffToHuman(SafeAction):
    """Hand the conversation to a colleague (asked for, or an offer accepted) and pause."""

    def name(self) -> str:
        return "action_handoff_to_human"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reason = handoff_reason(tracker)
        customer_id = current_customer_id(tracker)
        messages = recent_texts(tracker)
        now = self.clock()
        queued = await run_query(
            lambda s: queue_handoff(
                s,
                conversation_id=tracker.sender_id,
                customer_id=customer_id,
                messages=messages,
                reason=reason,
                now=now,
            )
        )
        logger.info(
            "conversation %s: handed off (%s), ticket %s, case %s (%s), %s agent(s) online",
            tracker.sender_id,
            reason,
            queued.ticket_id,
            queued.case_id,
            queued.priority,
            queued.agents_online,
        )
        hours = services().policies.get().contact.hours
        text = availability(hours, ticket=queued.ticket_id, now=now, online=queued.agents_online)
        dispatcher.utter_message(text=text + BOT_STEPS_BACK)
        return [
            SlotSet(HANDOFF_REQUESTED, True),
            SlotSet(HANDOFF_OFFERED, False),
            ConversationPaused(),
        ]
