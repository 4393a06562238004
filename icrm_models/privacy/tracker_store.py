"""Forgetting conversations in Rasa's SQL tracker store (the ``events`` table in our database).

Rasa's ``SQLTrackerStore`` writes one row per event: ``sender_id`` (the conversation), the
event's type, timestamp, intent and action names, and the whole event as JSON in ``data``
(user text, slot values, message metadata). The table exists only once Rasa has written to the
database, so every function here first checks for it.

Why the newest session is blanked rather than deleted: when Rasa saves a tracker it counts the
conversation's stored rows since the newest ``session_started`` and appends only the tracker's
events beyond that count. A deletion runs *during* a turn (the customer's "yes" is still in
Rasa's memory), so deleting those rows would make Rasa write the whole session back at the end
of the turn. Rows of the newest session therefore stay, same count, type and timestamp, each
replaced by a content-free event (``action_listen``; ``session_started`` keeps its type); rows
of older sessions, which Rasa never counts again, are deleted.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    delete,
    func,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

SESSION_STARTED = "session_started"
BLANK_ACTION = "action_listen"

# Rasa 3.6's SQLTrackerStore.SQLEvent, described here to read and change it (never created here)
EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def has_tracker_store(session: Session) -> bool:
    """Whether Rasa's ``events`` table is in this database."""
    return inspect(session.connection()).has_table(EVENTS.name)


def like_pattern(text: str) -> str:
    """A case-folded ``LIKE`` pattern (escape character ``\\``) that finds ``text`` anywhere."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def conversations_mentioning(session: Session, text: str) -> set[str]:
    """Conversations in which some event contains ``text`` (any case), e.g. a typed e-mail.

    A full scan of ``events``: fine for an erasure now and then, not for a hot path.
    """
    forms = {text, json.dumps(text)[1:-1]}  # as typed, and as JSON writes non-ASCII
    matches = or_(*(func.lower(EVENTS.c.data).like(like_pattern(f), escape="\\") for f in forms))
    return set(session.scalars(select(EVENTS.c.sender_id).where(matches).distinct()))


def _blank(type_name: str, timestamp: float | None) -> dict[str, Any]:
    """The row that replaces an event of the newest session: same count, nothing said."""
    if type_name == SESSION_STARTED:
        data: dict[str, Any] = {"event": SESSION_STARTED, "timestamp": timestamp}
        return {"row_type": SESSION_STARTED, "row_action": None, "row_data": json.dumps(data)}
    data = {"event": "action", "timestamp": timestamp, "name": BLANK_ACTION}
    return {"row_type": "action", "row_action": BLANK_ACTION, "row_data": json.dumps(data)}


def forget_conversation(session: Session, conversation_id: str) -> int:
    """Delete the conversation's older sessions and blank its newest one; rows affected.

    Adds to the session's transaction; the caller commits.
    """
    newest_start = session.scalar(
        select(func.max(EVENTS.c.timestamp)).where(
            EVENTS.c.sender_id == conversation_id, EVENTS.c.type_name == SESSION_STARTED
        )
    )
    deleted = 0
    if newest_start is not None:  # Rasa counts rows with timestamp >= the newest start only
        older = or_(EVENTS.c.timestamp < newest_start, EVENTS.c.timestamp.is_(None))
        result = session.execute(delete(EVENTS).where(EVENTS.c.sender_id == conversation_id, older))
        deleted = int(getattr(result, "rowcount", 0) or 0)
    rows = session.execute(
        select(EVENTS.c.id, EVENTS.c.type_name, EVENTS.c.timestamp).where(
            EVENTS.c.sender_id == conversation_id
        )
    ).all()
    if rows:
        session.execute(
            update(EVENTS)
            .where(EVENTS.c.id == bindparam("row_id"))
            .values(
                type_name=bindparam("row_type"),
                intent_name=None,
                action_name=bindparam("row_action"),
                data=bindparam("row_data"),
            ),
            [{"row_id": row_id, **_blank(kind, ts)} for row_id, kind, ts in rows],
        )
    return deleted + len(rows)


def forget_conversations(session: Session, conversation_ids: Collection[str]) -> int:
    """:func:`forget_conversation` for each id; 0 when Rasa never wrote to this database."""
    if not conversation_ids or not has_tracker_store(session):
        return 0
    return sum(forget_conversation(session, c) for c in sorted(conversation_ids))
