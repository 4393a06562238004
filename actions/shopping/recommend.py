"""``action_recommend``: suggestions the customer asked for, personal where the models can.

A logged-in customer gets the offer policy's products (a discount only where it changes
behaviour, and nothing promotional without marketing consent); guests (also one proven in the
chat, whose reasons would reveal purchases beyond the order they proved), new customers and a
server without usable models get popular products, and the log says why.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.order_scope import personal_customer_id
from actions.services import run_query
from actions.shopping.cards import utter_offers
from actions.shopping.conversation import offers_shown
from actions.shopping.messages import (
    RECOMMEND_DISCOUNT,
    RECOMMEND_GUEST,
    RECOMMEND_NOTHING,
    RECOMMEND_PERSONAL,
    RECOMMEND_PLAIN,
    RECOMMEND_POPULAR,
)
from actions.shopping.models import OFFER_TIMEOUT_S, cached_scorer, promoted_models
from icrm_models import clock
from icrm_models.offers.offering import make_offer
from icrm_models.offers.planning import OfferPlan, Source

logger = logging.getLogger(__name__)

MAX_SUGGESTIONS = 3


def intro_for(plan: OfferPlan) -> str:
    """How the suggestions are introduced: promotional only where the policy allows it."""
    offer = plan.offer
    if plan.customer_id is None:
        return RECOMMEND_GUEST
    if not offer.promotional:
        return RECOMMEND_PLAIN
    if offer.discount_pct:
        return RECOMMEND_DISCOUNT.format(pct=f"{offer.discount_pct:g}")
    return RECOMMEND_PERSONAL if plan.source is Source.MODEL else RECOMMEND_POPULAR


class ActionRecommend(SafeAction):
    """Suggest up to three products and record them as offers."""

    def name(self) -> str:
        return "action_recommend"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        customer_id = personal_customer_id(tracker)
        version, models = await promoted_models()
        now = clock.utc_now()
        scorer = cached_scorer(version, now)
        made = await run_query(
            lambda s: make_offer(
                s,
                customer_id=customer_id,
                conversation_id=tracker.sender_id,
                version=version,
                models=models,
                now=now,
                k=MAX_SUGGESTIONS,
                scorer=scorer,
            ),
            timeout_s=OFFER_TIMEOUT_S,
        )
        plan = made.plan
        if plan is not None and plan.fallback:
            logger.info(
                "conversation %s: popularity fallback (%s)", tracker.sender_id, plan.fallback
            )
        if plan is None or not made.shown:
            dispatcher.utter_message(text=RECOMMEND_NOTHING)
            return offers_shown([])
        logger.info(
            "conversation %s: offered %s (%s, %s)",
            tracker.sender_id,
            [o.offer_id for o in made.shown],
            plan.model_version,
            plan.offer.why,
        )
        utter_offers(dispatcher, tracker, intro_for(plan), made.shown)
        return offers_shown(made.shown)
