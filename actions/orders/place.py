"""``action_place_order``: how to order, with delivery and payment from the shop's policies.

The assistant can't put an order together in the chat; it explains the checkout and, when the
customer named a product, points to the product search ("show me ...") someone else answers.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.orders.messages import how_to_order
from actions.services import services

PRODUCT_LIMIT = 60  # longer "product names" aren't repeated back
PRODUCT_PUNCTUATION = frozenset(" -'’&.")


def echoable_product(text: str | None) -> str | None:
    """The product as the customer named it, if it's short plain text worth repeating back."""
    if text is None:
        return None
    cleaned = " ".join(str(text).split())
    if not 2 <= len(cleaned) <= PRODUCT_LIMIT or not any(char.isalpha() for char in cleaned):
        return None
    plain = all(
        unicodedata.category(char)[0] in "LMN" or char in PRODUCT_PUNCTUATION for char in cleaned
    )
    return cleaned if plain else None


class ActionPlaceOrder(SafeAction):
    """Explain how ordering works."""

    def name(self) -> str:
        return "action_place_order"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        product = echoable_product(next(tracker.get_latest_entity_values("product"), None))
        dispatcher.utter_message(text=how_to_order(services().policies.get(), product))
        return []
