"""``action_accept_offer`` and ``action_decline_offer``: the customer's answer to offers.

Buttons send ``/accept_offer{"offer_id":"17"}``; a typed "yes" right after offers accepts the
first one, a typed "no" declines all of them. Only the conversation's own offers can be
answered; any other id gets the same "isn't available" as one that never existed.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.identity import current_customer_id
from actions.order_scope import personal_customer_id
from actions.services import run_query
from actions.shopping.conversation import (
    offer_id_in_message,
    offers_answered,
    right_after_offer,
    shown_offer_ids,
)
from actions.shopping.messages import (
    ACCEPTED,
    ALREADY_ACCEPTED,
    DECLINED_ALL,
    DECLINED_ONE,
    LOGIN_NEEDED,
    NO_WITHOUT_OFFER,
    NOT_AVAILABLE,
    SOLD_OUT,
    YES_WITHOUT_OFFER,
    money,
)
from icrm_models import clock
from icrm_models.offers.reactions import Outcome, Reaction, accept_offer, decline_offers

logger = logging.getLogger(__name__)


def accepted_message(reaction: Reaction) -> str:
    """What the customer is told after trying to accept an offer."""
    product = reaction.product
    name = product.name if product else "product"
    if reaction.outcome is Outcome.ACCEPTED and reaction.price is not None:
        return ACCEPTED.format(name=name, price=money(reaction.price), order_id=reaction.order_id)
    if reaction.outcome is Outcome.ALREADY_ACCEPTED:
        return ALREADY_ACCEPTED.format(name=name)
    if reaction.outcome is Outcome.SOLD_OUT:
        return SOLD_OUT.format(name=name)
    if reaction.outcome is Outcome.LOGIN_NEEDED:
        return LOGIN_NEEDED
    return NOT_AVAILABLE


class ActionAcceptOffer(SafeAction):
    """Put an offered product into the verified customer's order draft."""

    def name(self) -> str:
        return "action_accept_offer"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        named, offer_id = offer_id_in_message(tracker)
        if named and offer_id is None:
            dispatcher.utter_message(text=NOT_AVAILABLE)
            return offers_answered()
        if offer_id is None:  # a typed "yes"
            if not right_after_offer(tracker):
                dispatcher.utter_message(text=YES_WITHOUT_OFFER)
                return offers_answered()
            offer_id = shown_offer_ids(tracker)[0]
        # Adding to an order draft is for the logged-in customer (a guest proven in the chat
        # may act on the order they proved only): anyone else is asked to log in.
        customer_id = personal_customer_id(tracker)
        now = clock.utc_now()
        reaction = await run_query(
            lambda s: accept_offer(
                s,
                offer_id=offer_id,
                conversation_id=tracker.sender_id,
                customer_id=customer_id,
                now=now,
            )
        )
        logger.info(
            "conversation %s: accept offer %s -> %s", tracker.sender_id, offer_id, reaction.outcome
        )
        dispatcher.utter_message(text=accepted_message(reaction))
        return offers_answered()


class ActionDeclineOffer(SafeAction):
    """Record that the customer doesn't want the offered product(s)."""

    def name(self) -> str:
        return "action_decline_offer"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        named, offer_id = offer_id_in_message(tracker)
        if named and offer_id is None:
            dispatcher.utter_message(text=NOT_AVAILABLE)
            return offers_answered()
        if offer_id is not None:
            offer_ids = [offer_id]
        elif right_after_offer(tracker):  # a typed "no": none of those just shown
            offer_ids = shown_offer_ids(tracker)
        else:
            dispatcher.utter_message(text=NO_WITHOUT_OFFER)
            return offers_answered()
        customer_id = current_customer_id(tracker)
        now = clock.utc_now()
        reaction = await run_query(
            lambda s: decline_offers(
                s,
                offer_ids=offer_ids,
                conversation_id=tracker.sender_id,
                customer_id=customer_id,
                now=now,
            )
        )
        logger.info(
            "conversation %s: decline offers %s -> %s",
            tracker.sender_id,
            offer_ids,
            reaction.outcome,
        )
        if reaction.outcome is not Outcome.DECLINED:
            dispatcher.utter_message(text=NOT_AVAILABLE if named else NO_WITHOUT_OFFER)
        elif len(reaction.offer_ids) == 1 and reaction.product is not None:
            dispatcher.utter_message(text=DECLINED_ONE.format(name=reaction.product.name))
        else:
            dispatcher.utter_message(text=DECLINED_ALL)
        return offers_answered()
