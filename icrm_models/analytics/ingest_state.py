"""What a conversation is at its latest event: the state an incremental ingest continues from.

:class:`ConversationState` mirrors one ``analytics_conversations`` row (one Rasa session): the
row *is* the state, so a later batch, a later run or another process continues a conversation
from what the database says. :class:`SenderState` holds a sender's sessions plus three facts
that only matter from one event to the next (the last action, which action offered a colleague,
the slot a form step was recorded for); they live in memory, and the overlap window the tracker
source re-reads restores them after a restart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from icrm_models.db.tables.analytics import AnalyticsConversation

# the columns of a conversation row a state carries (all but the primary key)
CONVERSATION_FIELDS = (
    "session_key",
    "conversation_id",
    "customer_id",
    "channel",
    "started_at",
    "last_event_at",
    "customer_turns",
    "bot_turns",
    "agent_turns",
    "fallbacks",
    "last_fallback_at",
    "last_customer_at",
    "handoff_at",
    "handoff_reason",
    "agent_first_reply_at",
    "handed_back_at",
    "csat_score",
    "active_form",
    "requested_slot",
    "last_intent",
)


@dataclass(slots=True, eq=False)
class ConversationState:
    """One Rasa session of one sender, as its row is (or will be once written)."""

    session_key: str
    conversation_id: str
    started_at: datetime
    last_event_at: datetime
    pk: int | None = None  # None until the row is inserted
    customer_id: int | None = None
    channel: str | None = None
    customer_turns: int = 0
    bot_turns: int = 0
    agent_turns: int = 0
    fallbacks: int = 0
    last_fallback_at: datetime | None = None
    last_customer_at: datetime | None = None
    handoff_at: datetime | None = None
    handoff_reason: str | None = None
    agent_first_reply_at: datetime | None = None
    handed_back_at: datetime | None = None
    csat_score: int | None = None
    active_form: str | None = None
    requested_slot: str | None = None
    last_intent: str | None = None
    dirty: bool = False  # changed since loaded: the batch writes it
    handed_off_now: bool = False  # handoff_at set in this batch: look its reason up

    @classmethod
    def from_row(cls, row: Any) -> ConversationState:
        """The state of a stored row (an ORM object or a row with the same attributes)."""
        values = {name: getattr(row, name) for name in CONVERSATION_FIELDS}
        return cls(pk=row.id, **values)

    def values(self) -> dict[str, Any]:
        """The row's column values (no primary key)."""
        return {name: getattr(self, name) for name in CONVERSATION_FIELDS}

    def touch(self, at: datetime) -> bool:
        """Note an event at ``at``; whether it is the latest yet (so "at the last event" moves)."""
        self.dirty = True
        if at >= self.last_event_at:
            self.last_event_at = at
            return True
        return False


@dataclass(slots=True)
class SenderState:
    """A sender's sessions (oldest first) and what the next event needs to know."""

    conversation_id: str
    sessions: list[ConversationState] = field(default_factory=list)
    seen_until: datetime | None = None  # the newest event already ingested before this batch
    last_action: str | None = None  # the latest ``action`` event's name
    offered_by: str | None = None  # the action that offered a colleague (handoff_offered)
    slot_recorded: str | None = None  # the requested slot a 'slot' step was stored for

    def session_at(self, at: datetime) -> ConversationState | None:
        """The session an event at ``at`` belongs to: the latest started at or before it."""
        found = None
        for session in self.sessions:
            if session.started_at <= at:
                found = session
        return found if found is not None else (self.sessions[0] if self.sessions else None)

    def add_session(self, session: ConversationState) -> None:
        """A new session, kept in start order."""
        self.sessions.append(session)
        self.sessions.sort(key=lambda s: s.started_at)

    def rated_session(self, current: ConversationState) -> ConversationState:
        """Where a rating belongs: the latest session up to ``current`` that had a colleague.

        The widget asks for the rating when the agent closes the case; if the customer taps it
        after Rasa started a new session, it still rates the chat with the colleague.
        """
        found = current
        for session in self.sessions:
            if session.started_at > current.started_at:
                break
            if session.handoff_at is not None:
                found = session
        return found if current.handoff_at is None else current


def load_sender(conversation_id: str, rows: list[AnalyticsConversation]) -> SenderState:
    """A sender's state from its stored conversation rows."""
    sessions = sorted((ConversationState.from_row(r) for r in rows), key=lambda s: s.started_at)
    seen = max((s.last_event_at for s in sessions), default=None)
    return SenderState(conversation_id, sessions, seen_until=seen)
