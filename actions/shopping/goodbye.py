"""``action_offer_at_goodbye``: at most one soft, personal suggestion when a happy customer
leaves.

Only for a logged-in customer with marketing consent, only when the offer policy calls it worth
it (a personal, promotional offer), never after a complaint in this conversation and never
when the conversation has already shown offers. Otherwise it says nothing. A failure here is
logged and swallowed: an apology in place of a goodbye would be worse than no suggestion.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.order_scope import personal_customer_id
from actions.services import run_query
from actions.shopping.cards import utter_offers
from actions.shopping.conversation import complained, offers_shown
from actions.shopping.messages import GOODBYE_SUGGESTION, GOODBYE_SUGGESTION_DISCOUNT
from actions.shopping.models import OFFER_TIMEOUT_S, cached_scorer, promoted_models
from icrm_models import clock
from icrm_models.offers.offering import MadeOffer, proactive_offer

logger = logging.getLogger(__name__)


class ActionOfferAtGoodbye(SafeAction):
    """One card for a consenting, verified, satisfied customer — or nothing."""

    def name(self) -> str:
        return "action_offer_at_goodbye"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        customer_id = personal_customer_id(tracker)
        if customer_id is None or complained(tracker):
            return []
        try:
            made = await self._suggest(tracker, customer_id)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            logger.error(
                "conversation %s: goodbye suggestion failed", tracker.sender_id, exc_info=exc
            )
            return []
        if not made.shown:
            return []
        discount = made.shown[0].discount_pct
        intro = (
            GOODBYE_SUGGESTION_DISCOUNT.format(pct=f"{discount:g}")
            if discount
            else GOODBYE_SUGGESTION
        )
        utter_offers(dispatcher, tracker, intro, made.shown)
        return offers_shown(made.shown)

    async def _suggest(self, tracker: Tracker, customer_id: int) -> MadeOffer:
        version, models = await promoted_models()
        now = clock.utc_now()
        scorer = cached_scorer(version, now)
        return await run_query(
            lambda s: proactive_offer(
                s,
                customer_id=customer_id,
                conversation_id=tracker.sender_id,
                version=version,
                models=models,
                now=now,
                scorer=scorer,
            ),
            timeout_s=OFFER_TIMEOUT_S,
        )
