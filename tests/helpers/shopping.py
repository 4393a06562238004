"""Shopping action tests: runs from the card-showing widget, the offers and cards they made."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from actions.services import services
from icrm_models.db.schema import Offer
from icrm_models.search.products import ProductInfo
from tests.helpers.trackers import SENDER

CONVERSATION = SENDER
# A product of the seeded catalogue, for tests that show it without a database.
BAG = ProductInfo(
    product_id=151,
    sku="24-MB05",
    name="Wayfarer Messenger Bag",
    category="Gear/Bags",
    price=Decimal("45.00"),
    stock=3,
)


def engine() -> Engine:
    """The engine of the test shop the action server uses."""
    return services().engine


def offers_of(conversation: str = CONVERSATION) -> list[Offer]:
    """The offers made in ``conversation``, oldest first."""
    with Session(engine()) as session:
        return list(
            session.execute(
                select(Offer).where(Offer.conversation_id == conversation).order_by(Offer.id)
            ).scalars()
        )


async def run_action(
    action: Any, tracker: Tracker, *, widget: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(events, messages) of ``action`` on ``tracker``, sent from the card-showing widget."""
    if widget:
        # On the newest user message, where actions.widget_metadata reads it (and, as Rasa
        # has it, in the latest message's parse data too).
        newest = next(e for e in reversed(tracker.events) if e.get("event") == "user")
        newest["metadata"] = {**(newest.get("metadata") or {}), "supports_cards": True}
        tracker.latest_message["metadata"] = newest["metadata"]
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return events, dispatcher.messages


def texts(messages: list[dict[str, Any]]) -> list[str]:
    """The texts among the messages (cards have none)."""
    return [m["text"] for m in messages if m.get("text")]


def cards(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The product cards the messages carry, in order."""
    payloads = [m["custom"] for m in messages if m.get("custom")]
    return [c for p in payloads for c in p["data"]["cards"]]
