"""``action_product_search``: find products for a free-text request with filters."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.identity import current_customer_id
from actions.services import DB_TIMEOUT_S, run_query
from actions.shopping.cards import utter_offers
from actions.shopping.conversation import offers_shown
from actions.shopping.messages import SEARCH_CLOSEST, SEARCH_FOUND, SEARCH_NOTHING, SEARCH_WHAT
from actions.shopping.state import shopping_state
from icrm_models import clock
from icrm_models.offers.searching import search_and_show
from icrm_models.search.find import KEYWORD
from icrm_models.search.serving import SEMANTIC_WAIT_S

logger = logging.getLogger(__name__)

MAX_RESULTS = 3


class ActionProductSearch(SafeAction):
    """Show up to three products matching the request, or the closest ones."""

    def name(self) -> str:
        return "action_product_search"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        customer_id = current_customer_id(tracker)
        text = tracker.latest_message.get("text")
        entities = list(tracker.latest_message.get("entities") or [])
        state = shopping_state()
        index = await asyncio.wait_for(
            asyncio.to_thread(state.search.get, SEMANTIC_WAIT_S),
            timeout=SEMANTIC_WAIT_S + DB_TIMEOUT_S,
        )
        now = clock.utc_now()
        result = await run_query(
            lambda s: search_and_show(
                s,
                index,
                text=text,
                entities=entities,
                customer_id=customer_id,
                conversation_id=tracker.sender_id,
                now=now,
                k=MAX_RESULTS,
            )
        )
        if result.outcome is not None and result.outcome.mode == KEYWORD:
            logger.info("conversation %s: keyword product search", tracker.sender_id)
        if result.request is None:
            dispatcher.utter_message(text=SEARCH_WHAT)
            return offers_shown([])
        if not result.shown:
            dispatcher.utter_message(text=SEARCH_NOTHING)
            return offers_shown([])
        exact = result.outcome is not None and result.outcome.exact
        utter_offers(dispatcher, tracker, SEARCH_FOUND if exact else SEARCH_CLOSEST, result.shown)
        return offers_shown(result.shown)
