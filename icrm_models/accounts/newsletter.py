"""Newsletter subscriptions from the chat: what the customer wants, and the change with evidence."""

from __future__ import annotations

import enum
import re
from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session

from icrm_models.accounts.consents import change_consent
from icrm_models.active_accounts import active_customer
from icrm_models.db.event_types import BehaviourEventType
from icrm_models.db.schema import BehaviourEvent

NewsletterWish = Literal["subscribe", "unsubscribe", "status"]

_OFF = re.compile(
    r"\bun-?\s?sub\w*|\bstop\w*|\bno more\b|\bopt(?:ed|ing)?[\s-]*(?:me[\s-]*)?out\b|"
    r"\bremove\b|\btake me off\b|\bget me off\b|\bcancel\w*|\bdo(?:n'?t| not) want\b|"
    r"\bno longer\b|\benough\b|\btoo many\b|\bannoying\b",
    re.IGNORECASE,
)
_BACK_ON = re.compile(
    r"\bre-?\s?subscri\w*|\bopt(?:ed)?[\s-]*(?:me[\s-]*)?(?:back[\s-]*)?in\b", re.I
)
_STATUS = re.compile(
    r"\bam i (?:still |already )?(?:subscribed|signed up|on (?:the|your))\b|"
    r"\bis my (?:e-?mail|address) (?:subscribed|on)\b",
    re.IGNORECASE,
)


def newsletter_wish(text: str | None) -> NewsletterWish:
    """What a newsletter message asks for: "unsubscribe me" -> off, "am I subscribed?" -> status.

    Anything that doesn't say stop or ask about the current state is a wish to subscribe; "opt
    in" and "resubscribe" win over stop words ("resubscribe me, I unsubscribed by accident").
    """
    text = str(text or "")[:1000]
    if _STATUS.search(text):
        return "status"
    if _BACK_ON.search(text):
        return "subscribe"
    return "unsubscribe" if _OFF.search(text) else "subscribe"


class NewsletterResult(enum.Enum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"  # already in the wanted state: nothing recorded
    NOT_FOUND = "not_found"


def is_subscribed(session: Session, *, customer_id: int) -> bool | None:
    """Whether ``customer_id`` gets the newsletter; None when there is no such account."""
    customer = active_customer(session, customer_id)
    return None if customer is None else bool(customer.newsletter_consent)


def set_newsletter(
    session: Session,
    *,
    customer_id: int,
    subscribe: bool,
    now: datetime,
    conversation_id: str | None = None,
) -> NewsletterResult:
    """Subscribe or unsubscribe ``customer_id`` and commit, with a consent record and an event."""
    customer = active_customer(session, customer_id)
    if customer is None:
        return NewsletterResult.NOT_FOUND
    evidence = change_consent(
        customer, "newsletter", granted=subscribe, now=now, conversation_id=conversation_id
    )
    if evidence is None:
        return NewsletterResult.UNCHANGED
    session.add(evidence)
    session.add(
        BehaviourEvent(
            customer_id=customer.id,
            conversation_id=conversation_id,
            event_type=(
                BehaviourEventType.NEWSLETTER_SUBSCRIBED
                if subscribe
                else BehaviourEventType.NEWSLETTER_UNSUBSCRIBED
            ),
            occurred_at=now,
            properties={"source": "chat"},
        )
    )
    session.commit()
    return NewsletterResult.CHANGED
