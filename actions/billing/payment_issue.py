"""``action_report_payment_issue``: a support ticket for the payments team, for anyone.

Guests get a ticket too (without a customer); only a verified customer's ticket is linked to an
order, and only to one of theirs (for a guest proven in the chat: only to the order they proved,
as the answer names the linked order).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.billing.messages import payment_ticket_opened
from actions.errors import SafeAction
from actions.identity import current_customer_id
from actions.order_scope import may_see_order
from actions.refunds.request_entities import entity_in_request
from actions.services import run_query, services
from icrm_models.billing.payment_issue import MESSAGES_KEPT, open_payment_ticket
from icrm_models.orders.status import parse_order_number

logger = logging.getLogger(__name__)

INTENT = "payment_issue"


def latest_user_texts(tracker: Tracker, limit: int) -> list[str]:
    """The texts of the customer's last ``limit`` messages of this session, oldest first."""
    texts: list[str] = []
    for event in tracker.events:
        if event.get("event") in ("session_started", "restart"):
            texts = []
        elif event.get("event") == "user" and event.get("text"):
            texts.append(str(event["text"]))
    return texts[-limit:]


class ActionReportPaymentIssue(SafeAction):
    """Open a payment ticket with the customer's own words and tell them its number."""

    def name(self) -> str:
        return "action_report_payment_issue"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        customer_id = current_customer_id(tracker)
        messages = latest_user_texts(tracker, MESSAGES_KEPT)
        named_order = parse_order_number(entity_in_request(tracker, (INTENT,), "order_id"))
        if named_order is not None and not may_see_order(tracker, named_order):
            named_order = None
        now = self.clock()
        ticket = await run_query(
            lambda s: open_payment_ticket(
                s,
                customer_id=customer_id,
                messages=messages,
                named_order_id=named_order,
                now=now,
                conversation_id=tracker.sender_id,
            )
        )
        logger.info(
            "conversation %s: payment ticket %s opened (%s)",
            tracker.sender_id,
            ticket.ticket_id,
            ticket.priority,
        )
        guest_contact = services().policies.get().contact.email if customer_id is None else None
        dispatcher.utter_message(
            text=payment_ticket_opened(
                ticket_id=ticket.ticket_id,
                priority=ticket.priority,
                order_id=ticket.order_id,
                guest_contact=guest_contact,
            )
        )
        return []
