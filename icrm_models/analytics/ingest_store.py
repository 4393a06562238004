"""The database side of one ingest batch: what is known already, and writing what is new.

A batch costs a fixed number of statements whatever its size: one look-up of its event keys
per table that keeps them (on PostgreSQL one array parameter, not thousands), one load of its
senders' conversations, one bulk load per table (``COPY`` on PostgreSQL, core ``insert()``
with a list elsewhere; never an ORM flush per row) and one bulk update of the conversations it
changed. Batches are serialised (:class:`icrm_models.analytics.ingest.Ingestor`), so the keys
checked stay new until the batch commits; SQLite's insert still skips a key that exists
(``ON CONFLICT DO NOTHING``), PostgreSQL's ``COPY`` would fail the batch on one (its unique
index), never store it twice.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    String,
    Table,
    any_,
    bindparam,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from icrm_models.analytics.ingest_derive import BatchRows
from icrm_models.analytics.ingest_parse import Rejected
from icrm_models.analytics.ingest_state import (
    CONVERSATION_FIELDS,
    ConversationState,
    SenderState,
    load_sender,
)
from icrm_models.db.schema import CustomerConversation, LiveCase
from icrm_models.db.tables.analytics import (
    AnalyticsConversation,
    AnalyticsFormStep,
    AnalyticsReject,
    AnalyticsTurn,
)

CHUNK = 2000  # keys per IN list: well under SQLite's and PostgreSQL's bound-parameter limits
# a customer recorded for a conversation this long after the session's last event is not yet
# this session's (the action layer records the customer before Rasa stores the turn)
CUSTOMER_SLACK = timedelta(seconds=30)
CASE_WINDOW = timedelta(minutes=10)  # a live case queued this close to a pause is its case


def _chunks(values: Sequence[str], size: int = CHUNK) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _among(session: Session, column: Any, values: Sequence[str]) -> ColumnElement[bool]:
    """``column IN values``: on PostgreSQL one array parameter (``= ANY``), which keeps a
    5,000-key statement short (psycopg parses long statements in Python, each time)."""
    if session.get_bind().dialect.name == "postgresql":
        array = literal(list(values), type_=postgresql.ARRAY(String))
        return column == any_(array)  # type: ignore[no-any-return]
    return column.in_(values)  # type: ignore[no-any-return]


TURN_TYPES = frozenset({"user", "bot"})
STEP_TYPES = frozenset({"active_loop", "slot"})


def known_keys(
    session: Session, events: Iterable[tuple[str, str]], reject_keys: Collection[str]
) -> set[str]:
    """Which keys are stored already. ``events``: (type, key) of the batch's keyed events;
    each is looked up only where its type can be (turns, form steps, first events of
    conversations), rejects among the rejects: one query per chunk of keys."""
    turns: set[str] = set()
    steps: set[str] = set()
    for kind, key in events:
        (turns if kind in TURN_TYPES else steps if kind in STEP_TYPES else set()).add(key)
    openers = turns | steps | {k for kind, k in events if kind not in TURN_TYPES | STEP_TYPES}
    wanted: list[tuple[Any, set[str]]] = [
        (AnalyticsTurn.event_key, turns),
        (AnalyticsFormStep.event_key, steps),
        (AnalyticsReject.event_key, set(reject_keys)),
        (AnalyticsConversation.session_key, openers),
    ]
    found: set[str] = set()
    for column, keys in wanted:
        for chunk in _chunks(sorted(keys)):
            found.update(session.scalars(select(column).where(_among(session, column, chunk))))
    return found


def load_senders(session: Session, senders: Collection[str]) -> dict[str, SenderState]:
    """The stored conversations of each sender (an empty state for a sender never seen)."""
    rows: dict[str, list[AnalyticsConversation]] = {s: [] for s in senders}
    columns = [
        AnalyticsConversation.id,
        *(getattr(AnalyticsConversation, f) for f in CONVERSATION_FIELDS),
    ]
    for chunk in _chunks(sorted(rows)):
        query = select(*columns).where(
            _among(session, AnalyticsConversation.conversation_id, chunk)
        )
        for row in session.execute(query):
            rows[row.conversation_id].append(row)  # type: ignore[arg-type]
    return {sender: load_sender(sender, found) for sender, found in rows.items()}


def _table(entity: Any) -> Table:
    table: Table = entity.__table__
    return table


def _copy(session: Session, table: Table, values: list[dict[str, Any]]) -> None:
    """PostgreSQL's ``COPY``: the fastest bulk load (no statement to parse per row)."""
    columns = list(values[0])
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    names = ", ".join(f'"{c}"' for c in columns)
    raw = session.connection().connection.driver_connection
    statement = f'COPY "{table.name}" ({names}) FROM STDIN'
    with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        for row in values:
            copy.write_row([json.dumps(row[c]) if c in json_columns else row[c] for c in columns])


def _insert(session: Session, table: Table, values: list[dict[str, Any]]) -> None:
    """Bulk insert of rows whose keys the batch checked to be new.

    Batches are serialised (:class:`icrm_models.analytics.ingest.Ingestor`), so no other
    ingest stores the same key meanwhile: PostgreSQL loads with ``COPY``; SQLite and other
    databases insert in bulk, skipping a key that exists after all where they can.
    """
    if not values:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        _copy(session, table, values)
    elif dialect == "sqlite":
        session.execute(sqlite.insert(table).on_conflict_do_nothing(), values)
    else:
        session.execute(insert(table), values)


def _insert_conversations(session: Session, new: list[ConversationState]) -> None:
    """Insert the batch's new conversations and give each state its primary key.

    A plain bulk insert and one look-up of the ids by session key: cheaper than ``RETURNING``
    in parameter order, which costs a statement per few rows on some drivers.
    """
    if not new:
        return
    table = _table(AnalyticsConversation)
    session.execute(insert(table), [c.values() for c in new])
    by_key = {c.session_key: c for c in new}
    for chunk in _chunks(list(by_key)):
        query = select(table.c.session_key, table.c.id).where(
            _among(session, table.c.session_key, chunk)
        )
        for key, pk in session.execute(query):
            by_key[key].pk = pk
            by_key[key].dirty = False


def _update_conversations(session: Session, changed: list[ConversationState]) -> None:
    if not changed:
        return
    table = _table(AnalyticsConversation)
    statement = (
        update(table)
        .where(table.c.id == bindparam("pk"))
        .values({name: bindparam(f"v_{name}") for name in CONVERSATION_FIELDS})
    )
    params = [{"pk": c.pk, **{f"v_{k}": v for k, v in c.values().items()}} for c in changed]
    session.connection().execute(statement, params)


def _reject_row(reject: Rejected, source: str) -> dict[str, Any]:
    return {
        "event_key": reject.key,
        "source": source,
        "source_event_id": reject.source_event_id,
        "conversation_id": reject.sender_id[:255] if reject.sender_id else None,
        "type_name": reject.type_name,
        "reason": reject.reason,
        "raw": reject.raw,
        "at": reject.at,
    }


def attach_customers(session: Session, conversations: list[ConversationState]) -> None:
    """Set the customer of conversations that have none, from ``customer_conversations``.

    The action layer records the pair whenever a conversation speaks for an identified customer
    (logged in by the shop's token, or proven in the chat); the analytics never read the
    token, the proof or the metadata themselves. Of several customers of one conversation the
    one recorded last before the session's last event counts.
    """
    unknown = [c for c in conversations if c.customer_id is None]
    if not unknown:
        return
    seen: dict[str, list[tuple[datetime, int]]] = {}
    for chunk in _chunks(sorted({c.conversation_id for c in unknown})):
        query = select(
            CustomerConversation.conversation_id,
            CustomerConversation.first_seen,
            CustomerConversation.customer_id,
        ).where(CustomerConversation.conversation_id.in_(chunk))
        for conversation_id, first_seen, customer_id in session.execute(query):
            seen.setdefault(conversation_id, []).append((first_seen, customer_id))
    for conversation in unknown:
        candidates = sorted(seen.get(conversation.conversation_id, []))
        until = conversation.last_event_at + CUSTOMER_SLACK
        matching = [customer for first, customer in candidates if first <= until]
        if matching:
            conversation.customer_id = matching[-1]
            conversation.dirty = True


def attach_case_reasons(session: Session, conversations: list[ConversationState]) -> None:
    """The reason of each new handoff as its live case recorded it, when there is a case."""
    handed = [c for c in conversations if c.handed_off_now and c.handoff_at is not None]
    if not handed:
        return
    cases: dict[str, list[tuple[datetime, str]]] = {}
    for chunk in _chunks(sorted({c.conversation_id[:128] for c in handed})):
        query = select(LiveCase.conversation_id, LiveCase.queued_at, LiveCase.reason).where(
            LiveCase.conversation_id.in_(chunk)
        )
        for conversation_id, queued_at, reason in session.execute(query):
            cases.setdefault(conversation_id, []).append((queued_at, str(reason)))
    for conversation in handed:
        at = conversation.handoff_at
        assert at is not None
        near = [
            (abs((queued - at).total_seconds()), reason)
            for queued, reason in cases.get(conversation.conversation_id[:128], [])
            if abs(queued - at) <= CASE_WINDOW
        ]
        if near:
            conversation.handoff_reason = min(near)[1][:40]
        conversation.handed_off_now = False


def _linked(conversation: ConversationState, values: dict[str, Any]) -> dict[str, Any]:
    values["conversation_pk"] = conversation.pk
    return values


def write_batch(
    session: Session,
    senders: dict[str, SenderState],
    rows: BatchRows,
    rejects: list[Rejected],
    *,
    source: str,
) -> tuple[int, int]:
    """Write the batch's rows into the session's transaction; (turns, form steps) written."""
    touched = [c for s in senders.values() for c in s.sessions if c.dirty or c.pk is None]
    attach_customers(session, touched)
    attach_case_reasons(session, touched)
    changed = [c for c in touched if c.pk is not None and c.dirty]
    _insert_conversations(session, rows.new_conversations)
    _update_conversations(session, changed)
    for conversation in changed:
        conversation.dirty = False
    turns = [_linked(c, values) for c, values in rows.turns]
    steps = [_linked(c, values) for c, values in rows.steps]
    _insert(session, _table(AnalyticsTurn), turns)
    _insert(session, _table(AnalyticsFormStep), steps)
    _insert(session, _table(AnalyticsReject), [_reject_row(r, source) for r in rejects])
    return len(turns), len(steps)
