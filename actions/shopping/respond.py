"""``action_accept_offer`` and ``action_decline_offer``: the customer's answer to offers.

Buttons send ``/accept_offer{"offer_id":"17"}``; a typed "yes" right after offers accepts the
first one, a typed "no" declines all of them. Only the conversation's own offers can be
answered; any other id gets the same "isn't available" as one that never existed.
"""

from __future__ import annotations

import logging
from abc import abstractmethod
from collections.abc import Callable
from functools import partial
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
from icrm_models.settings import shop_currency

logger = logging.getLogger(__name__)


def accepted_message(reaction: Reaction) -> str:
    """What the customer is told after trying to accept an offer."""
    product = reaction.product
    name = product.name if product else "product"
    if reaction.outcome is Outcome.ACCEPTED and reaction.price is not None:
        price = money(reaction.price, shop_currency())  # the catalogue's, as the draft's
        return ACCEPTED.format(name=name, price=price, order_id=reaction.order_id)
    if reaction.outcome is Outcome.ALREADY_ACCEPTED:
        return ALREADY_ACCEPTED.format(name=name)
    if reaction.outcome is Outcome.SOLD_OUT:
        return SOLD_OUT.format(name=name)
    if reaction.outcome is Outcome.LOGIN_NEEDED:
        return LOGIN_NEEDED
    return NOT_AVAILABLE


class OfferAnswer(SafeAction):
    """The customer's answer to offers: which offers it is about, and recording it.

    An offer named that isn't this conversation's gets "isn't available"; otherwise ``reply``
    answers about the offer named (``offer_id``) or, for a typed answer, ``None``.
    """

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        named, offer_id = offer_id_in_message(tracker)
        if named and offer_id is None:
            dispatcher.utter_message(text=NOT_AVAILABLE)
        else:
            dispatcher.utter_message(text=await self.reply(tracker, offer_id, named=named))
        return offers_answered()

    @abstractmethod
    async def reply(self, tracker: Tracker, offer_id: int | None, *, named: bool) -> str:
        """The answer about the offer ``offer_id`` (``None``: a typed yes or no), recorded."""

    @staticmethod
    async def record(
        tracker: Tracker, customer_id: int | None, reaction_of: Callable[..., Reaction]
    ) -> Reaction:
        """Store the customer's reaction (``reaction_of`` with the conversation, customer, now)."""
        now = clock.utc_now()
        return await run_query(
            lambda s: reaction_of(
                s, conversation_id=tracker.sender_id, customer_id=customer_id, now=now
            )
        )


class ActionAcceptOffer(OfferAnswer):
    """Put an offered product into the verified customer's order draft."""

    def name(self) -> str:
        return "action_accept_offer"

    async def reply(self, tracker: Tracker, offer_id: int | None, *, named: bool) -> str:
        if offer_id is None:  # a typed "yes"
            if not right_after_offer(tracker):
                return YES_WITHOUT_OFFER
            offer_id = shown_offer_ids(tracker)[0]
        # Adding to an order draft is for the logged-in customer (a guest proven in the chat
        # may act on the order they proved only): anyone else is asked to log in.
        customer_id = personal_customer_id(tracker)
        reaction = await self.record(tracker, customer_id, partial(accept_offer, offer_id=offer_id))
        logger.info(
            "conversation %s: accept offer %s -> %s", tracker.sender_id, offer_id, reaction.outcome
        )
        return accepted_message(reaction)


class ActionDeclineOffer(OfferAnswer):
    """Record that the customer doesn't want the offered product(s)."""

    def name(self) -> str:
        return "action_decline_offer"

    async def reply(self, tracker: Tracker, offer_id: int | None, *, named: bool) -> str:
        if offer_id is not None:
            offer_ids = [offer_id]
        elif right_after_offer(tracker):  # a typed "no": none of those just shown
            offer_ids = shown_offer_ids(tracker)
        else:
            return NO_WITHOUT_OFFER
        reaction = await self.record(
            tracker, current_customer_id(tracker), partial(decline_offers, offer_ids=offer_ids)
        )
        logger.info(
            "conversation %s: decline offers %s -> %s",
            tracker.sender_id,
            offer_ids,
            reaction.outcome,
        )
        if reaction.outcome is not Outcome.DECLINED:
            return NOT_AVAILABLE if named else NO_WITHOUT_OFFER
        if len(reaction.offer_ids) == 1 and reaction.product is not None:
            return DECLINED_ONE.format(name=reaction.product.name)
        return DECLINED_ALL
