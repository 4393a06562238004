"""``action_reset_handoff_offer``: the customer answered the offer of a colleague with "no".

The acknowledgement itself is a response (``utter_handoff_declined``) in the rule; this only
clears ``handoff_offered`` so a later, unrelated "yes" doesn't hand the chat over.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.handoff.slots import HANDOFF_OFFERED


class ActionResetHandoffOffer(SafeAction):
    """Forget the offer of a colleague."""

    def name(self) -> str:
        return "action_reset_handoff_offer"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        return [SlotSet(HANDOFF_OFFERED, False)]
