"""``action_open_complaint``: a support ticket for the complaint, urgent ones with a colleague
offered straight away."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.feedback.complaint_form import CATEGORY, SUMMARY
from actions.feedback.messages import COMPLAINT_ESCALATED, complaint_opened
from actions.handoff.slots import HANDOFF_OFFERED
from actions.identity import current_identity
from actions.order_scope import visible_orders
from actions.services import run_query, services
from actions.transcript import order_numbers, recent_texts, since_form_start, text_of
from icrm_models.support.categories import match_category
from icrm_models.support.complaints import ComplaintRequest, open_complaint
from icrm_models.support.text import clean_text

logger = logging.getLogger(__name__)


class ActionOpenComplaint(SafeAction):
    """Open the ticket; link an order only if it is the verified customer's own."""

    def name(self) -> str:
        return "action_open_complaint"

    def on_failure_events(self, tracker: Tracker) -> list[dict[str, Any]]:
        # The slots are cleared whatever happens: the next complaint starts afresh.
        return [SlotSet(CATEGORY, None), SlotSet(SUMMARY, None)]

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reset = self.on_failure_events(tracker)  # cleared after a success too
        complaint = since_form_start(tracker, "complaint_form", {"complaint"})
        identity = current_identity(tracker)
        customer_id = identity.customer_id if identity else None
        request = ComplaintRequest(
            conversation_id=tracker.sender_id,
            customer_id=customer_id,
            category=match_category(tracker.get_slot(CATEGORY)) or "other",
            customer_words=clean_text(tracker.get_slot(SUMMARY), limit=2000),
            complaint_messages=[clean_text(text_of(e), limit=2000) for e in complaint],
            recent_messages=recent_texts(tracker),
            # a guest's ticket links (and the answer names) only the order they proved
            mentioned_orders=visible_orders(identity, order_numbers(complaint)),
        )
        now = self.clock()
        opened = await run_query(lambda s: open_complaint(s, request, now=now))
        logger.info(
            "conversation %s: complaint ticket %s (%s, %s)",
            tracker.sender_id,
            opened.ticket_id,
            opened.category,
            opened.priority,
        )
        if opened.escalated:
            dispatcher.utter_message(
                text=COMPLAINT_ESCALATED[opened.priority].format(ticket=opened.ticket_id)
            )
            return [*reset, SlotSet(HANDOFF_OFFERED, True)]
        dispatcher.utter_message(
            text=complaint_opened(
                ticket=opened.ticket_id,
                category=opened.category,
                order_id=opened.order_id,
                guest_email=None if customer_id else services().policies.get().contact.email,
            )
        )
        return [*reset, SlotSet(HANDOFF_OFFERED, False)]
