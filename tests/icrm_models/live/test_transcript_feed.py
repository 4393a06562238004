"""Live transcripts read from Rasa's tracker store: customer, bot, agent and system lines."""

from datetime import UTC, datetime

from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session

from icrm_models.live.transcript_feed import (
    PAUSE_TEXT,
    RESUME_TEXT,
    entries_after,
    latest_event_id,
    recent_conversations,
    tapped_text,
    transcript,
)
from tests.helpers.rasa_events import (
    RASA_EVENTS,
    bot,
    said,
    session_start,
    slot,
    store_conversation,
)

T0 = 1_795_000_000.0


def agent_said(text: str, ts: float, live: str = "message", **custom: object) -> dict[str, object]:
    """An agent's message as Rasa's live route stores it: a bot event naming the agent."""
    return {
        "event": "bot",
        "timestamp": ts,
        "text": text,
        "data": {"custom": custom or None},
        "metadata": {"agent": {"id": 1, "name": "Anna"}, "live": live},
    }


def test_without_rasas_table_every_feed_is_empty(db: Session) -> None:
    assert transcript(db, "conv") == []
    assert entries_after(db, 0) == []
    assert latest_event_id(db) == 0
    assert recent_conversations(db, since=datetime(2020, 1, 1, tzinfo=UTC)) == []


def test_a_transcript_tells_customer_bot_agent_and_system_lines_apart(
    engine: Engine, db: Session
) -> None:
    RASA_EVENTS.create(engine)
    handoff_button = {"title": "Talk to a person", "payload": "/handoff"}
    offer = bot("Anything else?", T0 + 2) | {"data": {"buttons": [handoff_button]}}
    store_conversation(
        db,
        "conv-a",
        [
            session_start(T0),
            said("where is my order?", T0 + 1, intent="order_status"),
            slot("order_id", "10023", T0 + 1.5),
            offer,
            {"event": "pause", "timestamp": T0 + 3},
            agent_said("Anna joined the chat", T0 + 4, live="joined"),
            agent_said("Hi, I'm looking at it", T0 + 5),
            agent_said("Have a look at this", T0 + 6, live="product", product_id=7),
            {"event": "resume", "timestamp": T0 + 7},
        ],
    )
    lines = transcript(db, "conv-a")
    assert [(line.kind, line.text) for line in lines] == [
        ("customer", "where is my order?"),
        ("bot", "Anything else?"),
        ("system", PAUSE_TEXT),
        ("system", "Anna joined the chat"),
        ("agent", "Hi, I'm looking at it"),
        ("agent", "Have a look at this"),
        ("system", RESUME_TEXT),
    ]
    assert (lines[0].intent, lines[0].at) == ("order_status", datetime.fromtimestamp(T0 + 1, UTC))
    assert lines[1].buttons == [handoff_button] and lines[1].agent_name is None
    assert lines[4].agent_name == "Anna" and lines[5].custom == {"product_id": 7}
    assert all(line.conversation_id == "conv-a" for line in lines)
    assert transcript(db, "conv-other") == []


def test_the_feed_continues_after_the_last_event_seen_across_conversations(
    engine: Engine, db: Session
) -> None:
    RASA_EVENTS.create(engine)
    store_conversation(db, "conv-a", [said("hello", T0), bot("Hi!", T0 + 1)])
    start = latest_event_id(db)
    store_conversation(db, "conv-b", [said("hi there", T0 + 2), slot("x", 1, T0 + 3)])
    store_conversation(db, "conv-a", [said("order 10023", T0 + 4)])
    fresh = entries_after(db, start)
    assert [(e.conversation_id, e.text) for e in fresh] == [
        ("conv-b", "hi there"),
        ("conv-a", "order 10023"),
    ]
    assert [e.text for e in entries_after(db, start, limit=1)] == ["hi there"]
    assert entries_after(db, latest_event_id(db)) == []


def test_an_unreadable_row_is_skipped_not_raised(engine: Engine, db: Session) -> None:
    RASA_EVENTS.create(engine)
    row = {"sender_id": "conv-a", "type_name": "user", "timestamp": T0, "data": "{not json"}
    db.execute(insert(RASA_EVENTS), [row])
    store_conversation(db, "conv-a", [said("still here", T0 + 1)])
    assert [line.text for line in transcript(db, "conv-a")] == ["still here"]


def test_recent_conversations_latest_first_with_the_last_customer_message(
    engine: Engine, db: Session
) -> None:
    RASA_EVENTS.create(engine)
    store_conversation(db, "old", [said("long ago", T0 - 86_400)])
    store_conversation(db, "a", [said("first", T0), said("second", T0 + 5), bot("ok", T0 + 6)])
    store_conversation(db, "b", [said("only", T0 + 10)])
    recent = recent_conversations(db, since=datetime.fromtimestamp(T0 - 60, UTC))
    assert [(c.conversation_id, c.customer_messages, c.last_customer_text) for c in recent] == [
        ("b", 1, "only"),
        ("a", 2, "second"),
    ]
    assert recent[0].last_at == datetime.fromtimestamp(T0 + 10, UTC)


def test_a_tapped_button_reads_as_what_the_customer_did() -> None:
    rated = {"intent": {"name": "rate_chat"}, "entities": [{"entity": "csat_score", "value": 5}]}
    assert tapped_text('/rate_chat{"csat_score": 5}', rated) == "rated the chat 5 of 5"
    assert tapped_text("/affirm", {"intent": {"name": "affirm"}}) == "tapped: affirm"
    assert tapped_text("/stop", {}) == "tapped: stop"
    assert tapped_text("where is my parcel?", rated) == "where is my parcel?"
