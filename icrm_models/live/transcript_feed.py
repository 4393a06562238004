"""Live transcripts for the console, read from Rasa's tracker store (table ``events``).

Rasa's SQL tracker store stays the one record of every message: the customer's (``user``
events), the bot's (``bot``) and the agent's, which Rasa's live route writes as ``bot`` events
whose metadata names the agent (``{"agent": {"id", "name"}, "live": kind}``). A ``live`` kind
other than ``message``/``product`` (joined, left, resume, csat_request) is a line the console
wrote for the customer, shown as ``system``; so are the pause and resume of the bot.

The console polls :func:`entries_after` with the last event id it has seen: event ids only
grow, so that is a complete, ordered feed of every conversation. Rasa creates the table on its
first start; until then every function here returns nothing.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from icrm_models.privacy.tracker_store import EVENTS, has_tracker_store

logger = logging.getLogger(__name__)

EntryKind = Literal["customer", "bot", "agent", "system"]
# the event types a transcript shows; every other (slots, actions, session starts) is skipped
SHOWN_TYPES = ("user", "bot", "pause", "resume")
AGENT_KINDS = ("message", "product")
PAUSE_TEXT = "The assistant is paused: a person has the conversation."
RESUME_TEXT = "The assistant has the conversation again."


@dataclass(frozen=True)
class TranscriptEntry:
    """One line of a transcript, as the console shows it."""

    event_id: int  # the ``events`` row id: the feed's position
    conversation_id: str
    kind: EntryKind
    text: str
    at: datetime | None
    intent: str | None = None  # customer lines: what the bot understood
    confidence: float | None = None
    agent_name: str | None = None  # agent (and agent-made system) lines
    buttons: list[dict[str, Any]] = field(default_factory=list)  # [{"title", "payload"}]
    custom: dict[str, Any] | None = None  # a product card or other custom payload


@dataclass(frozen=True)
class RecentConversation:
    """A conversation active lately, for an agent who wants to pick one up."""

    conversation_id: str
    last_at: datetime | None
    customer_messages: int
    last_customer_text: str


def _time(timestamp: float | None) -> datetime | None:
    return None if timestamp is None else datetime.fromtimestamp(timestamp, UTC)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def to_entry(
    event_id: int, conversation_id: str, type_name: str, raw: str | None
) -> TranscriptEntry | None:
    """The transcript line of one stored event, or None for an event not shown (or unreadable:
    logged, never raised, so one bad row cannot stop a console's feed)."""
    if type_name not in SHOWN_TYPES:
        return None
    try:
        data = _dict(json.loads(raw or "{}"))
    except ValueError:
        logger.warning("unreadable event %s of conversation %s skipped", event_id, conversation_id)
        return None
    at = _time(data.get("timestamp"))
    if type_name == "pause":
        return TranscriptEntry(event_id, conversation_id, "system", PAUSE_TEXT, at)
    if type_name == "resume":
        return TranscriptEntry(event_id, conversation_id, "system", RESUME_TEXT, at)
    text = str(data.get("text") or "")
    if type_name == "user":
        intent = _dict(_dict(data.get("parse_data")).get("intent"))
        confidence = intent.get("confidence")
        return TranscriptEntry(
            event_id,
            conversation_id,
            "customer",
            tapped_text(text, _dict(data.get("parse_data"))),
            at,
            intent=intent.get("name"),
            confidence=float(confidence) if isinstance(confidence, int | float) else None,
        )
    payload = _dict(data.get("data"))
    buttons = [b for b in payload.get("buttons") or [] if isinstance(b, dict)]
    custom = payload.get("custom") if isinstance(payload.get("custom"), dict) else None
    metadata = _dict(data.get("metadata"))
    agent = _dict(metadata.get("agent"))
    if not agent:
        return TranscriptEntry(
            event_id, conversation_id, "bot", text, at, buttons=buttons, custom=custom
        )
    kind: EntryKind = "agent" if metadata.get("live", "message") in AGENT_KINDS else "system"
    name = agent.get("name")
    return TranscriptEntry(
        event_id,
        conversation_id,
        kind,
        text,
        at,
        agent_name=str(name) if name else None,
        buttons=buttons,
        custom=custom,
    )


def tapped_text(text: str, parse_data: dict[str, Any]) -> str:
    """What the customer did, for a button's payload (``/rate_chat{"csat_score": 5}``): the agent
    reads "rated the chat 5 of 5" or "tapped: affirm", not the payload's syntax."""
    if not text.startswith("/"):
        return text
    intent = str(_dict(parse_data.get("intent")).get("name") or text[1:].split("{", 1)[0])
    values = {
        str(e.get("entity")): e.get("value")
        for e in parse_data.get("entities") or []
        if isinstance(e, dict)
    }
    if intent == "rate_chat" and values.get("csat_score") is not None:
        return f"rated the chat {values['csat_score']} of 5"
    shown = ", ".join(f"{k} {v}" for k, v in values.items())
    return f"tapped: {intent}" + (f" ({shown})" if shown else "")


def _entries(session: Session, query: Select[Any]) -> list[TranscriptEntry]:
    entries = []
    for event_id, sender_id, type_name, raw in session.execute(query):
        entry = to_entry(event_id, sender_id, type_name, raw)
        if entry is not None:
            entries.append(entry)
    return entries


def _shown() -> Select[Any]:
    columns = (EVENTS.c.id, EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.data)
    return select(*columns).where(EVENTS.c.type_name.in_(SHOWN_TYPES))


def transcript(session: Session, conversation_id: str) -> list[TranscriptEntry]:
    """Every shown line of ``conversation_id``, oldest first ([] before Rasa's first start)."""
    if not has_tracker_store(session):
        return []
    query = _shown().where(EVENTS.c.sender_id == conversation_id).order_by(EVENTS.c.id)
    return _entries(session, query)


def entries_after(
    session: Session, last_event_id: int, *, limit: int = 500
) -> list[TranscriptEntry]:
    """The shown lines of every conversation stored after event ``last_event_id``, in order,
    at most ``limit`` of them (ask again from the last one's ``event_id`` for more)."""
    if not has_tracker_store(session):
        return []
    query = _shown().where(EVENTS.c.id > last_event_id).order_by(EVENTS.c.id).limit(limit)
    return _entries(session, query)


def latest_event_id(session: Session) -> int:
    """The newest event id of the tracker store (0 if empty or absent): where a feed starts."""
    if not has_tracker_store(session):
        return 0
    return int(session.scalar(select(func.max(EVENTS.c.id))) or 0)


def recent_conversations(
    session: Session, *, since: datetime, limit: int = 50
) -> list[RecentConversation]:
    """Conversations with an event since ``since``, the latest active first (at most ``limit``),
    each with how many messages the customer wrote and the last of them."""
    if not has_tracker_store(session):
        return []
    is_user = EVENTS.c.type_name == "user"
    active = (
        select(
            EVENTS.c.sender_id,
            func.max(EVENTS.c.timestamp).label("last_at"),
            func.count().filter(is_user).label("said"),
            func.max(EVENTS.c.id).filter(is_user).label("last_user_event"),
        )
        .group_by(EVENTS.c.sender_id)
        .having(func.max(EVENTS.c.timestamp) >= since.timestamp())
        .order_by(func.max(EVENTS.c.timestamp).desc())
        .limit(limit)
    )
    rows = session.execute(active).all()
    last_ids = [row.last_user_event for row in rows if row.last_user_event is not None]
    texts: dict[int, str] = {}
    if last_ids:
        for event_id, raw in session.execute(
            select(EVENTS.c.id, EVENTS.c.data).where(EVENTS.c.id.in_(last_ids))
        ):
            entry = to_entry(event_id, "", "user", raw)
            texts[event_id] = entry.text if entry is not None else ""
    return [
        RecentConversation(
            conversation_id=row.sender_id,
            last_at=_time(row.last_at),
            customer_messages=int(row.said or 0),
            last_customer_text=texts.get(row.last_user_event, ""),
        )
        for row in rows
    ]
