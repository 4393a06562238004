"""Offers as product cards (a custom payload), or as plain text where cards can't be shown.

A channel that renders cards says so with each message (the web widget sends
``supports_cards: true`` in the message metadata): it gets a short intro and the cards. Every
other channel (REST clients, messengers) gets the same products as a plain-text list.

The payload travels as ``{"data": {...}}``: Rasa's socket.io channel emits a custom message's
keys as arguments of ``emit``, so ``data`` is what reaches the browser.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TypedDict

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.shopping.messages import YES_HINT, YES_HINT_ONE, offer_lines
from actions.widget_metadata import widget_metadata
from icrm_models.offers.records import ShownOffer
from icrm_models.settings import shop_currency


class CardButton(TypedDict):
    title: str  # what the button says
    payload: str  # the message the button sends: /accept_offer{"offer_id":"<id>"}


class ProductCard(TypedDict):
    offer_id: str  # the offers row behind the card
    sku: str
    name: str
    price: str  # list price, two decimals ("52.00"); the discount is applied on top
    currency: str  # ISO code of the shop's prices (ICRM_CURRENCY, e.g. "EUR")
    image_url: str | None
    reason: str  # why it is shown ("often bought with ...")
    discount_pct: int | float | None  # percent off the list price, or None
    buttons: list[CardButton]


def accept_payload(offer_id: int) -> str:
    """The button payload that accepts ``offer_id`` (Rasa reads it as intent + entity)."""
    return "/accept_offer" + json.dumps({"offer_id": str(offer_id)}, separators=(",", ":"))


def _percent(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def card(offer: ShownOffer, currency: str) -> ProductCard:
    """One offer as a card; the catalogue's prices are in ``currency``."""
    product = offer.product
    return ProductCard(
        offer_id=str(offer.offer_id),
        sku=product.sku,
        name=product.name,
        price=f"{product.price:.2f}",
        currency=currency,
        image_url=product.image_url,
        reason=offer.reason,
        discount_pct=_percent(offer.discount_pct),
        buttons=[CardButton(title="Add to basket", payload=accept_payload(offer.offer_id))],
    )


def cards_payload(offers: list[ShownOffer]) -> dict[str, Any]:
    """The custom payload for ``offers``."""
    currency = shop_currency()
    return {"type": "product_cards", "cards": [card(o, currency) for o in offers]}


def supports_cards(tracker: Tracker) -> bool:
    """Whether the channel of the newest message renders product cards."""
    return widget_metadata(tracker).get("supports_cards", False)


def utter_offers(
    dispatcher: CollectingDispatcher, tracker: Tracker, intro: str, offers: list[ShownOffer]
) -> None:
    """The offers as cards where the channel shows cards, else as a plain-text list."""
    if supports_cards(tracker):
        hint = YES_HINT if len(offers) > 1 else YES_HINT_ONE
        dispatcher.utter_message(text=f"{intro}\n{hint}")
        dispatcher.utter_message(json_message={"data": cards_payload(offers)})
    else:
        dispatcher.utter_message(text=f"{intro}\n{offer_lines(offers)}")
