"""Rasa's ``events`` table: older sessions deleted, the newest blanked with its count kept."""

from __future__ import annotations

import json

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from icrm_models.privacy.tracker_store import (
    conversations_mentioning,
    forget_conversations,
    has_tracker_store,
)
from tests.helpers.rasa_events import (
    RASA_EVENTS,
    bot,
    said,
    session_start,
    slot,
    store_conversation,
)

EMAIL = "a_b@example.org"


def _rows(session: Session, sender_id: str) -> list[tuple[str, float | None, str | None, str]]:
    return [
        (kind, ts, action, data)
        for kind, ts, action, data in session.execute(
            select(
                RASA_EVENTS.c.type_name,
                RASA_EVENTS.c.timestamp,
                RASA_EVENTS.c.action_name,
                RASA_EVENTS.c.data,
            )
            .where(RASA_EVENTS.c.sender_id == sender_id)
            .order_by(RASA_EVENTS.c.id)
        )
    ]


def _since_newest_start(session: Session, sender_id: str) -> int:
    """The count Rasa's SQLTrackerStore._additional_events makes before appending."""
    start = session.scalar(
        select(func.max(RASA_EVENTS.c.timestamp)).where(
            RASA_EVENTS.c.sender_id == sender_id, RASA_EVENTS.c.type_name == "session_started"
        )
    )
    rows = _rows(session, sender_id)
    return len(rows) if start is None else sum(1 for _, ts, _, _ in rows if ts and ts >= start)


def test_the_newest_session_keeps_its_count_and_loses_its_content(session: Session) -> None:
    store_conversation(
        session,
        "c1",
        [
            session_start(1.0),
            said(f"I'm {EMAIL}", 2.0),
            session_start(5.0, who="Jo"),
            slot("verified_customer_id", "7:1700000000", 6.0),
            said("yes", 7.0, "affirm"),
            bot("Done, Jo.", 8.0),
        ],
    )
    counted = _since_newest_start(session, "c1")
    assert forget_conversations(session, ["c1"]) == 6
    session.commit()
    assert _since_newest_start(session, "c1") == counted == 4
    rows = _rows(session, "c1")
    assert [(kind, ts, action) for kind, ts, action, _ in rows] == [
        ("session_started", 5.0, None),
        ("action", 6.0, "action_listen"),
        ("action", 7.0, "action_listen"),
        ("action", 8.0, "action_listen"),
    ]
    assert [json.loads(data) for *_, data in rows][:2] == [
        {"event": "session_started", "timestamp": 5.0},
        {"event": "action", "timestamp": 6.0, "name": "action_listen"},
    ]
    intents = select(RASA_EVENTS.c.intent_name).where(RASA_EVENTS.c.sender_id == "c1")
    assert set(session.scalars(intents)) == {None}


def test_a_conversation_without_sessions_is_blanked_whole(session: Session) -> None:
    store_conversation(session, "c2", [said(EMAIL, 1.0), bot("Thanks", 2.0)])
    forget_conversations(session, ["c2"])
    session.commit()
    assert [kind for kind, *_ in _rows(session, "c2")] == ["action", "action"]
    assert EMAIL not in json.dumps(_rows(session, "c2"))


def test_the_search_for_a_typed_address_is_literal_and_ignores_case(session: Session) -> None:
    store_conversation(session, "typed", [said(EMAIL.upper(), 1.0)])
    store_conversation(session, "lookalike", [said("aXb@example.org", 1.0)])  # "_" is no wildcard
    store_conversation(session, "accented", [said("jörg@example.org", 1.0)])  # JSON-escaped
    assert conversations_mentioning(session, EMAIL) == {"typed"}
    assert conversations_mentioning(session, "jörg@example.org") == {"accented"}


def test_a_database_rasa_never_wrote_to_has_nothing_to_forget(sqlite_engine: Engine) -> None:
    with Session(sqlite_engine) as plain:
        assert not has_tracker_store(plain)
        assert forget_conversations(plain, ["c1"]) == 0
