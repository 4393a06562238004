"""What the agents' console may send to a customer through Rasa, and what it becomes.

The console posts one JSON object per step of a live case (``channels.live``)::

    {"conversation_id": "...", "kind": "message", "text": "Hi, I'm Anna",
     "agent": {"id": 3, "name": "Anna Berg"}, "custom": {...}}

``parse_live_request`` checks it (a clear error string otherwise, never an exception);
``tracker_events`` says which Rasa events record it in the conversation, and ``socket_payload``
what the customer's widget receives. Agent messages are ``BotUttered`` events whose metadata
holds ``agent`` and ``live``, so the tracker store stays the one record of every message and the
console's transcript reads them back from the ``events`` table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Text

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    Event,
    SlotSet,
)
from rasa.shared.core.trackers import DialogueStateTracker

from channels.limits import MAX_SENDER_CHARS

# Stored in the conversation (a BotUttered the widget shows) and then emitted.
STORED_KINDS = frozenset({"message", "joined", "left", "resume", "csat_request", "product"})
# Emitted only (typing) or stored only (pause).
KINDS = STORED_KINDS | {"typing", "pause"}
# Kinds that give the conversation back to the assistant. A closed case (csat_request) does too:
# otherwise a case closed without a hand-back would leave the bot silent for good, and the
# customer's rating (/rate_chat) would never reach action_rate_chat.
RESUMING_KINDS = frozenset({"resume", "csat_request"})
NEEDS_AGENT = frozenset({"message", "typing", "joined", "left"})
NEEDS_TEXT = frozenset({"message"})
MAX_LIVE_TEXT = 4000
MAX_AGENT_NAME = 80
# The slot actions/handoff sets when a colleague was asked for; cleared on a hand-back, so
# the fallback stops saying "a colleague has been asked" and a new request for one is new.
HANDOFF_REQUESTED_SLOT = "handoff_requested"
ACTION_LISTEN = "action_listen"
DEFAULT_TEXTS = {
    "joined": "{name} has joined the chat.",
    "left": "{name} has left the chat.",
    "resume": "You're back with the assistant — ask me anything.",
    "csat_request": "How would you rate this chat?",
    "product": "",
}


@dataclass(frozen=True)
class LiveAgent:
    """The agent a live message comes from, as the customer may see them (never the id)."""

    id: int
    name: str

    @property
    def initial(self) -> str:
        """The letter the widget shows in the agent's avatar."""
        return self.name.strip()[:1].upper() or "?"

    def public(self) -> Dict[Text, Any]:
        """What the customer's widget receives about the agent."""
        return {"name": self.name, "initial": self.initial}

    def stored(self) -> Dict[Text, Any]:
        """What the tracker keeps (the console needs the id to say "you" or the colleague)."""
        return {"id": self.id, "name": self.name, "initial": self.initial}


@dataclass(frozen=True)
class LiveRequest:
    """One checked request of the console."""

    conversation_id: str
    kind: str
    text: str = ""
    typing: bool = False
    agent: Optional[LiveAgent] = None
    custom: Dict[Text, Any] = field(default_factory=dict)


def _agent(raw: Any) -> LiveAgent | str | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        return 'agent must be an object {"id": <number>, "name": <text>}'
    agent_id, name = raw.get("id"), raw.get("name")
    if isinstance(agent_id, bool) or not isinstance(agent_id, int):
        return "agent.id must be a whole number"
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_AGENT_NAME:
        return f"agent.name must be a non-empty text of at most {MAX_AGENT_NAME} characters"
    return LiveAgent(id=agent_id, name=" ".join(name.split()))


def parse_live_request(body: Any) -> LiveRequest | str:
    """The console's request, or why it is refused (a sentence for the console's log)."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    conversation_id = body.get("conversation_id")
    if not isinstance(conversation_id, str) or not conversation_id.strip():
        return "conversation_id must be a non-empty string"
    if len(conversation_id) > MAX_SENDER_CHARS:
        return f"conversation_id may have at most {MAX_SENDER_CHARS} characters"
    kind = body.get("kind")
    if kind not in KINDS:
        return f"kind must be one of {', '.join(sorted(KINDS))}"
    text = body.get("text")
    if text is not None and not isinstance(text, str):
        return "text must be a string"
    text = (text or "").strip()
    if len(text) > MAX_LIVE_TEXT:
        return f"text may have at most {MAX_LIVE_TEXT} characters"
    if kind in NEEDS_TEXT and not text:
        return f"a {kind} needs a non-empty text"
    agent = _agent(body.get("agent"))
    if isinstance(agent, str):
        return agent
    if kind in NEEDS_AGENT and agent is None:
        return f"a {kind} needs the agent"
    custom = body.get("custom")
    if custom is not None and not isinstance(custom, dict):
        return "custom must be a JSON object"
    if kind == "product" and not custom:
        return "a product needs its card in custom"
    typing = body.get("typing", False)
    if not isinstance(typing, bool):
        return "typing must be true or false"
    if not text and kind in DEFAULT_TEXTS:
        text = DEFAULT_TEXTS[kind].format(name=agent.name if agent else "Our colleague")
    return LiveRequest(
        conversation_id=conversation_id,
        kind=str(kind),
        text=text,
        typing=typing,
        agent=agent,
        custom=dict(custom or {}),
    )


def tracker_events(
    request: LiveRequest, tracker: DialogueStateTracker, domain: Optional[Domain]
) -> List[Event]:
    """The events that record ``request`` in the conversation ``tracker`` (none for typing).

    A hand-back resumes a paused conversation and then records that the assistant listens
    (``action_listen``): the handoff action paused it before Rasa predicted its listen, and
    without one the next message would be read as if it came right after the handoff, a state
    no rule knows, instead of as a fresh request.
    """
    events: List[Event] = []
    if request.kind == "pause":
        return [] if tracker.is_paused() else [ConversationPaused()]
    if request.kind in RESUMING_KINDS:
        if tracker.is_paused():
            events.append(ConversationResumed())
        if tracker.latest_action_name != ACTION_LISTEN:
            events.append(ActionExecuted(ACTION_LISTEN))
        slots = {slot.name for slot in domain.slots} if domain is not None else set()
        if HANDOFF_REQUESTED_SLOT in slots and tracker.get_slot(HANDOFF_REQUESTED_SLOT):
            events.append(SlotSet(HANDOFF_REQUESTED_SLOT, False))
    if request.kind in STORED_KINDS:
        metadata: Dict[Text, Any] = {"live": request.kind}
        if request.agent is not None:
            metadata["agent"] = request.agent.stored()
        data = {"custom": request.custom} if request.custom else {}
        events.append(BotUttered(request.text or None, data=data, metadata=metadata))
    return events


def socket_payload(request: LiveRequest) -> Dict[Text, Any]:
    """What the widget receives: ``bot_uttered`` for a stored kind, ``agent_typing`` else."""
    agent = request.agent.public() if request.agent else None
    if request.kind == "typing":
        return {"agent": agent, "typing": request.typing}
    return {**request.custom, "text": request.text, "agent": agent, "live": request.kind}
