"""The customer messages the bot did not understand, read from the analytics tables.

Three kinds, each message once (with the first reason that applies):

- ``fallback``: the NLU fell back (``analytics_turns.fallback``);
- ``low_confidence``: understood, but with a confidence below ``confidence_below`` (the bot's
  fallback threshold is 0.45; 0.6 catches the shaky guesses above it);
- ``handoff``: one of the last ``handoff_window`` customer messages before the conversation
  was handed to a person (``analytics_conversations.handoff_at``), where the customer wanted
  something the bot could not give. Requests for a person themselves (``contact_human_agent``)
  say nothing about the topic and are left out.

Texts are already redacted (the ingest redacts before it stores); empty ones are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from icrm_models.db.tables.analytics import AnalyticsConversation, AnalyticsTurn

DEFAULT_CONFIDENCE_BELOW = 0.6
DEFAULT_HANDOFF_WINDOW = 2
# understood requests for a person: the reason of a handoff, not its topic
HANDOFF_REQUEST_INTENTS = frozenset({"contact_human_agent"})


@dataclass(frozen=True)
class UnknownMessage:
    """One customer message the bot did not understand, and why it counts as such."""

    turn_id: int
    conversation_id: str
    at: datetime
    text: str
    intent: str | None  # what the NLU guessed (nlu_fallback, or a low-confidence intent)
    confidence: float | None
    reason: str  # fallback | low_confidence | handoff


def unknown_messages(
    session: Session,
    *,
    since: datetime | None = None,
    confidence_below: float = DEFAULT_CONFIDENCE_BELOW,
    handoff_window: int = DEFAULT_HANDOFF_WINDOW,
) -> list[UnknownMessage]:
    """Every not-understood customer message (at or after ``since``), oldest first."""
    if not 0.0 <= confidence_below <= 1.0:
        raise ValueError(f"confidence_below must be between 0 and 1, got {confidence_below}")
    if handoff_window < 0:
        raise ValueError(f"handoff_window must be 0 or more, got {handoff_window}")
    turns = AnalyticsTurn
    conditions = [
        turns.actor == "customer",
        turns.text.is_not(None),
        turns.text != "",
    ]
    if since is not None:
        conditions.append(turns.at >= since)
    understood_poorly = or_(
        turns.fallback.is_(True),
        and_(turns.confidence.is_not(None), turns.confidence < confidence_below),
    )
    query = select(turns).where(*conditions, understood_poorly).order_by(turns.at, turns.id)
    found: dict[int, UnknownMessage] = {
        t.id: _message(t, "fallback" if t.fallback else "low_confidence")
        for t in session.scalars(query)
    }
    if handoff_window > 0:
        for turn in _before_handoffs(session, conditions, handoff_window):
            found.setdefault(turn.id, _message(turn, "handoff"))
    return sorted(found.values(), key=lambda m: (m.at, m.turn_id))


def _before_handoffs(
    session: Session, conditions: Sequence[ColumnElement[bool]], window: int
) -> list[AnalyticsTurn]:
    """The last ``window`` customer turns up to each handoff, requests for a person left out."""
    turns, conversations = AnalyticsTurn, AnalyticsConversation
    query = (
        select(turns)
        .join(conversations, conversations.id == turns.conversation_pk)
        .where(
            *conditions,
            conversations.handoff_at.is_not(None),
            turns.at <= conversations.handoff_at,
        )
        .order_by(turns.conversation_pk, turns.at.desc(), turns.id.desc())
    )
    kept: list[AnalyticsTurn] = []
    taken: dict[int, int] = {}
    for turn in session.scalars(query):
        if taken.get(turn.conversation_pk, 0) >= window:
            continue
        taken[turn.conversation_pk] = taken.get(turn.conversation_pk, 0) + 1
        if turn.intent not in HANDOFF_REQUEST_INTENTS:
            kept.append(turn)
    return kept


def _message(turn: AnalyticsTurn, reason: str) -> UnknownMessage:
    return UnknownMessage(
        turn_id=turn.id,
        conversation_id=turn.conversation_id,
        at=turn.at,
        text=str(turn.text),
        intent=turn.intent,
        confidence=turn.confidence,
        reason=reason,
    )
