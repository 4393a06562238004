"""``action_session_start``: a new session of a conversation that waits for a colleague stays
paused.

Rasa starts a new session when the customer writes after ``session_expiration_time`` (60 min,
``bot/domain/conversation.yml``), and a new session resets the tracker, pause included. A case
queued on Friday evening would then be answered by the assistant when the customer writes again
on Saturday, while the case still waits for the agents. This is Rasa's own session start
(``SessionStarted``, then listening) plus, when the conversation was paused, the pause again and
``handoff_requested``, so the fallback keeps saying a colleague is coming.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, ConversationPaused, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.errors import SafeAction
from actions.handoff.slots import HANDOFF_REQUESTED


def session_start_events(tracker: Tracker) -> list[dict[str, Any]]:
    """The events that start a new session of ``tracker`` (paused again if it was)."""
    events: list[dict[str, Any]] = [SessionStarted(), ActionExecuted("action_listen")]
    if tracker.is_paused():
        events += [SlotSet(HANDOFF_REQUESTED, True), ConversationPaused()]
    return events


class ActionSessionStart(SafeAction):
    """Start a session; keep a conversation that waits for a colleague paused."""

    def name(self) -> str:
        return "action_session_start"

    def on_failure_events(self, tracker: Tracker) -> list[dict[str, Any]]:
        # A session must start whatever failed before (it needs nothing that can fail).
        return session_start_events(tracker)

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        return session_start_events(tracker)
