"""What the shopping actions read from the conversation, and the slots they keep about offers.

``last_offer_ids`` holds the offers just shown (in order) and ``offer_pending`` says an
offer awaits a yes/no; a typed "yes" or "no" counts for the offer only when it comes right
after the offer, so a stale slot never turns a later "yes" into a purchase.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from icrm_models.offers.records import ShownOffer
from icrm_models.orders.status import parse_order_number

LAST_OFFERS_SLOT = "last_offer_ids"
PENDING_SLOT = "offer_pending"
OFFER_ID_SLOT = "offer_id"
# The actions that show offers; a yes/no right after one of them answers the offer.
OFFER_ACTIONS = ("action_product_search", "action_recommend", "action_offer_at_goodbye")


def _user_events(tracker: Tracker) -> Iterator[dict[str, Any]]:
    """User events, newest first."""
    return (e for e in reversed(tracker.events) if e.get("event") == "user")


def _intent(event: dict[str, Any]) -> str | None:
    name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
    return str(name) if name else None


def complained(tracker: Tracker) -> bool:
    """Whether the customer made a complaint anywhere in this conversation."""
    return any(_intent(e) == "complaint" for e in _user_events(tracker))


def latest_user_event(tracker: Tracker, intent: str) -> dict[str, Any] | None:
    """The newest user message with ``intent``."""
    return next((e for e in _user_events(tracker) if _intent(e) == intent), None)


def offer_id_in_message(tracker: Tracker) -> tuple[bool, int | None]:
    """(whether the newest message names an offer, its id if that is a valid one).

    Only the message's own entity counts (a button's payload), never a stale slot value.
    """
    value = next(tracker.get_latest_entity_values(OFFER_ID_SLOT), None)
    if value is None:
        return False, None
    return True, parse_order_number(str(value))


def shown_offer_ids(tracker: Tracker) -> list[int]:
    """The offers shown last, in display order."""
    value = tracker.get_slot(LAST_OFFERS_SLOT) or []
    ids = [parse_order_number(str(v)) for v in value] if isinstance(value, list) else []
    return [i for i in ids if i is not None]


def right_after_offer(tracker: Tracker) -> bool:
    """Whether the newest message answers offers the bot has just shown."""
    if not tracker.get_slot(PENDING_SLOT) or not shown_offer_ids(tracker):
        return False
    passed_user = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if passed_user:
                return False
            passed_user = True
        elif passed_user and kind == "action" and event.get("name") != "action_listen":
            return event.get("name") in OFFER_ACTIONS
    return False


def offers_shown(offers: list[ShownOffer]) -> list[dict[str, Any]]:
    """Slot events after showing ``offers`` (none shown: nothing pending)."""
    if not offers:
        return [SlotSet(PENDING_SLOT, False)]
    return [
        SlotSet(LAST_OFFERS_SLOT, [str(o.offer_id) for o in offers]),
        SlotSet(PENDING_SLOT, True),
    ]


def offers_answered() -> list[dict[str, Any]]:
    """Slot events once the customer has answered (or moved on from) the offers."""
    return [
        SlotSet(PENDING_SLOT, False),
        SlotSet(LAST_OFFERS_SLOT, None),
        SlotSet(OFFER_ID_SLOT, None),
    ]
