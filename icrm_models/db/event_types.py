"""What a behaviour event records: the one vocabulary of ``behaviour_events.event_type``.

The shop and the chat write these events and the models read them (features, interests, the
offer planner), so writers and readers name every type through this enum and the table keeps a
CHECK constraint built from it. A new type needs a member here and a migration.
"""

from __future__ import annotations

from enum import StrEnum

from icrm_models.db.statuses import OfferStatus


class BehaviourEventType(StrEnum):
    """The types of ``behaviour_events`` rows, grouped by who writes them."""

    # the shop's own pages
    PAGE_VIEW = "page_view"
    SEARCH = "search"  # the site's search box
    # the chat
    PRODUCT_SEARCH = "product_search"  # a search asked in the chat
    PRODUCT_QUESTION = "product_question"
    # One per intent the customer said (``properties.intent``). The features count refund
    # intents from it, but no conversation writes it yet: the writer is a separate change.
    CHAT_INTENT = "chat_intent"
    OFFER_IMPRESSION = "offer_impression"
    OFFER_ACCEPTED = "offer_accepted"
    OFFER_DECLINED = "offer_declined"
    OFFER_IGNORED = "offer_ignored"
    BASKET_ADD = "basket_add"
    ORDER_CANCELLED = "order_cancelled"
    RETURN_REQUESTED = "return_requested"
    COMPLAINT = "complaint"
    REVIEW = "review"
    HANDOFF_REQUESTED = "handoff_requested"
    NEWSLETTER_SUBSCRIBED = "newsletter_subscribed"
    NEWSLETTER_UNSUBSCRIBED = "newsletter_unsubscribed"


def offer_outcome(status: OfferStatus) -> BehaviourEventType:
    """The event that records an offer's answer: ``offer_accepted`` for ``accepted``, ...

    Raises ``ValueError`` for ``shown``, which is recorded as ``offer_impression`` instead.
    """
    return BehaviourEventType(f"offer_{status.value}")
