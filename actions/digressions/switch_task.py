"""``action_switch_task``: a new request inside a form ends the form and is taken up afresh.

The generated interruption rules call it when a form rejected a message that is another task
("where's my parcel?" during a cancellation, "bye", "a human please"). It tells the customer the
form is put aside, closes the form and hands the very same message back to the policies — as
Rasa's own two-stage fallback does after a rephrase: the message is reverted and uttered again
with its parse data and metadata (so the widget's identity travels with it). The policies then
follow that request's own rules from the start, whatever they are, and the dialogue state is as
if the form had never been interrupted. The tracker's raw events keep both copies of the
message (the same ``message_id``); the applied events, which analytics read, keep one.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.digressions.messages import LEAVING
from actions.digressions.tasks import task_of
from actions.errors import SafeAction

logger = logging.getLogger(__name__)


def latest_user_event(tracker: Tracker) -> dict[str, Any] | None:
    """The newest ``user`` event of the conversation, as the tracker holds it."""
    return next((e for e in reversed(tracker.events) if e.get("event") == "user"), None)


def replayed(event: dict[str, Any]) -> dict[str, Any]:
    """The same user message, uttered again now (text, parse data, channel, metadata, id)."""
    return {**event, "timestamp": time.time()}


class ActionSwitchTask(SafeAction):
    """Close the active form and take the customer's new request up from its start."""

    def name(self) -> str:
        return "action_switch_task"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        form = tracker.active_loop_name
        message = latest_user_event(tracker)
        dispatcher.utter_message(text=LEAVING.format(task=task_of(form)))
        closing = [ActiveLoop(None), SlotSet("requested_slot", None)]
        if message is None:  # nothing to hand back: just close the form
            return closing
        logger.info(
            "conversation %s: %s leaves %s",
            tracker.sender_id,
            (message.get("parse_data") or {}).get("intent", {}).get("name"),
            form,
        )
        return [
            UserUtteranceReverted(),
            *closing,
            ActionExecuted("action_listen"),
            replayed(message),
        ]
