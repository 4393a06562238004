"""``action_default_fallback``: the assistant gave up understanding (the rephrased message was
unclear too, or no policy was confident): say sorry and offer a colleague.

Counts the failures in ``fallback_count`` and sets ``handoff_offered``, so the rules send the
next "yes" to ``action_handoff_to_human``. Like Rasa's default it rewinds the unclear message
(``UserUtteranceReverted``), so the conversation continues from where it was understood; the
slots are set after the rewind so they survive it.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.fallback.messages import COLLEAGUE_COMING, OFFER_COLLEAGUE
from actions.handoff.slots import HANDOFF_OFFERED, HANDOFF_REQUESTED

FALLBACK_COUNT = "fallback_count"


def failures_so_far(tracker: Tracker) -> int:
    """The ``fallback_count`` slot as a number (0 when unset or unreadable)."""
    try:
        return max(int(float(tracker.get_slot(FALLBACK_COUNT) or 0)), 0)
    except (TypeError, ValueError):
        return 0


class ActionDefaultFallback(SafeAction):
    """Apologise, count the failure, offer a colleague (unless one is already coming)."""

    def name(self) -> str:
        return "action_default_fallback"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        count = failures_so_far(tracker) + 1
        events = [UserUtteranceReverted(), SlotSet(FALLBACK_COUNT, float(count))]
        if tracker.get_slot(HANDOFF_REQUESTED):
            dispatcher.utter_message(text=COLLEAGUE_COMING)
            return events
        dispatcher.utter_message(text=OFFER_COLLEAGUE[min(count, len(OFFER_COLLEAGUE)) - 1])
        return [*events, SlotSet(HANDOFF_OFFERED, True)]
