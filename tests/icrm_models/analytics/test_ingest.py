"""The tracker-store ingest on both backends: what one conversation becomes, and idempotence."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.orm import Session

from icrm_models.analytics.ingest_result import IngestResult
from icrm_models.analytics.tracker_source import SOURCE, bookmark, ingest_tracker_store
from icrm_models.db.tables.analytics import (
    AnalyticsBookmark,
    AnalyticsConversation,
    AnalyticsFormStep,
    AnalyticsIngestRun,
    AnalyticsReject,
    AnalyticsTurn,
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
TABLES = (AnalyticsConversation, AnalyticsTurn, AnalyticsFormStep, AnalyticsReject)


def at(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def action(name: str, ts: float) -> dict[str, Any]:
    return {"event": "action", "timestamp": ts, "name": name}


def loop(name: str | None, ts: float) -> dict[str, Any]:
    return {"event": "active_loop", "timestamp": ts, "name": name}


def understood(
    text: str, ts: float, intent: str, confidence: float, **entities: Any
) -> dict[str, Any]:
    """A user event with Rasa's NLU result: intent, confidence and entities with values."""
    event = said(text, ts, intent=intent, identity_token="[redacted]", client_key_sha256="ab" * 32)
    event["input_channel"] = "socketio"
    event["parse_data"]["intent"]["confidence"] = confidence
    event["parse_data"]["entities"] = [
        {"entity": name, "value": value, "start": 0, "end": 1} for name, value in entities.items()
    ]
    return event


def agent_said(text: str, ts: float, live: str = "message") -> dict[str, Any]:
    return bot(text, ts) | {"metadata": {"agent": {"id": 1, "name": "Anna"}, "live": live}}


def conversation(t: float = T0) -> list[dict[str, Any]]:
    """A session: a return form (one slot, then cancelled), a fallback, a handoff, a rating."""
    return [
        action("action_session_start", t),
        session_start(t + 0.1),
        action("action_listen", t + 0.2),
        understood(
            "I want to return my order 10023, mail me at ann@example.com",
            t + 1,
            "request_return",
            0.93,
            order_id="10023",
        ),
        action("return_form", t + 2),
        loop("return_form", t + 2.1),
        slot("order_id", "10023", t + 2.2),
        slot("requested_slot", "return_reason", t + 2.3),
        bot("Why do you return it?", t + 2.4),
        action("action_listen", t + 2.5),
        understood("blorp zzz", t + 3, "nlu_fallback", 0.2),
        action("action_deactivate_loop", t + 4),
        loop(None, t + 4.1),
        slot("requested_slot", None, t + 4.2),
        understood("let me talk to a human", t + 5, "contact_human_agent", 0.99),
        action("action_handoff_to_human", t + 6),
        bot("A colleague will be with you shortly.", t + 6.1),
        {"event": "pause", "timestamp": t + 6.2},
        agent_said("Anna has joined the chat.", t + 7, live="joined"),
        agent_said("Hi, I'm Anna. Your phone +44 20 7946 0958?", t + 8),
        {"event": "resume", "timestamp": t + 9},
        agent_said("How would you rate this chat?", t + 9.1, live="csat_request"),
        understood('/rate_chat{"csat_score": 4}', t + 10, "rate_chat", 1.0, csat_score=4),
    ]


def snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every analytics row (but ids), to compare two states of the tables."""
    result = {}
    for table in TABLES:
        columns = [c for c in table.__table__.columns if c.name not in ("id", "conversation_pk")]
        rows = session.execute(select(*columns).order_by(*columns[:2])).all()
        result[table.__tablename__] = [tuple(r) for r in rows]
    return result


def test_a_conversation_becomes_turns_form_steps_and_one_conversation(engine: Engine) -> None:
    RASA_EVENTS.create(engine)
    with Session(engine) as db:
        store_conversation(db, "conv-1", conversation())
    result = ingest_tracker_store(engine)
    assert (result.read, result.rejected, result.duplicates) == (23, 0, 0)
    assert result.read == result.stored + result.skipped
    assert (result.turns, result.form_steps, result.conversations) == (9, 3, 1)
    with Session(engine) as db:
        (c,) = db.scalars(select(AnalyticsConversation)).all()
        assert (c.conversation_id, c.channel, c.started_at) == ("conv-1", "socketio", at(T0 + 0.1))
        assert (c.customer_turns, c.bot_turns, c.agent_turns, c.fallbacks) == (4, 2, 1, 1)
        assert c.handoff_at == at(T0 + 6.2) and c.handoff_reason == "asked"
        assert c.agent_first_reply_at == at(T0 + 8) and c.handed_back_at == at(T0 + 9)
        assert c.csat_score == 4 and c.last_intent == "rate_chat"
        assert c.active_form is None and c.requested_slot is None
        assert c.last_fallback_at == at(T0 + 3) and c.last_event_at == at(T0 + 10)
        turns = db.scalars(select(AnalyticsTurn).order_by(AnalyticsTurn.at)).all()
        assert [t.actor for t in turns] == [
            "customer",
            "bot",
            "customer",
            "customer",
            "bot",
            "system",
            "agent",
            "system",
            "customer",
        ]
        first, ask, fallback = turns[0], turns[1], turns[2]
        assert first.text is not None and "ann@example.com" not in first.text
        assert (first.intent, first.confidence, first.entities) == (
            "request_return",
            0.93,
            ["order_id"],
        )
        assert "10023" not in str(first.entities) and first.form is None
        assert (ask.action, ask.form, ask.requested_slot) == (
            "return_form",
            "return_form",
            "return_reason",
        )
        assert (fallback.fallback, fallback.form, fallback.requested_slot) == (
            True,
            "return_form",
            "return_reason",
        )
        assert turns[4].action == "action_handoff_to_human"
        assert all(t.conversation_pk == c.id for t in turns)
        steps = db.execute(
            select(AnalyticsFormStep.step, AnalyticsFormStep.slot).order_by(AnalyticsFormStep.at)
        ).all()
        assert [tuple(s) for s in steps] == [
            ("started", None),
            ("slot", "order_id"),  # given in the opening message, validated before any ask
            ("cancelled", None),
        ]
        run = db.scalars(select(AnalyticsIngestRun)).one()
        assert (run.read, run.stored, run.skipped, run.rejected) == (
            23,
            result.stored,
            result.skipped,
            0,
        )
        assert run.finished_at is not None and bookmark(db) == 23


def test_ingesting_twice_changes_nothing(engine: Engine) -> None:
    RASA_EVENTS.create(engine)
    with Session(engine) as db:
        store_conversation(db, "conv-1", conversation())
        store_conversation(db, "conv-2", conversation(T0 + 100))
    ingest_tracker_store(engine, batch_size=7)
    with Session(engine) as db:
        before = snapshot(db)
        db.execute(delete(AnalyticsBookmark))  # read everything again, from the first event
        db.commit()
    again = ingest_tracker_store(engine, batch_size=5)
    assert (again.read, again.duplicates, again.turns, again.form_steps) == (
        46,
        46 - again.skipped,
        0,
        0,
    )
    assert (again.stored, again.rejected, again.conversations) == (0, 0, 0)
    with Session(engine) as db:
        assert snapshot(db) == before
        assert len(before["analytics_turns"]) == 18


def test_batches_continue_conversations_across_runs(engine: Engine) -> None:
    """Cut anywhere (any batch size, a run per batch): the same rows as one pass."""
    RASA_EVENTS.create(engine)
    with Session(engine) as db:
        store_conversation(db, "conv-1", conversation())
    ingest_tracker_store(engine)
    with Session(engine) as db:
        whole = snapshot(db)
        for table in (
            AnalyticsTurn,
            AnalyticsFormStep,
            AnalyticsReject,
            AnalyticsConversation,
            AnalyticsBookmark,
        ):
            db.execute(delete(table))
        db.commit()
    for _ in range(
        10
    ):  # three new events per run, each a new Ingestor: the overlap restores the last action
        ingest_tracker_store(engine, batch_size=3, max_events=13, overlap=10)
    with Session(engine) as db:
        assert snapshot(db) == whole


def test_new_events_continue_the_stored_conversation(engine: Engine) -> None:
    RASA_EVENTS.create(engine)
    events = conversation()
    with Session(engine) as db:
        store_conversation(db, "conv-1", events[:9])  # up to the form's question
    first = ingest_tracker_store(engine)
    with Session(engine) as db:
        c = db.scalars(select(AnalyticsConversation)).one()
        assert (c.active_form, c.requested_slot) == ("return_form", "return_reason")
        store_conversation(db, "conv-1", events[9:])
    second = ingest_tracker_store(engine, overlap=4)
    assert second.duplicates + second.skipped >= 4 and second.conversations == 0
    assert first.turns + second.turns == 9
    with Session(engine) as db:
        c = db.scalars(select(AnalyticsConversation)).one()
        assert c.customer_turns == 4 and c.csat_score == 4 and c.active_form is None


def test_a_new_session_is_a_new_conversation_and_the_rating_finds_the_chat(engine: Engine) -> None:
    RASA_EVENTS.create(engine)
    events = conversation()[:-1]
    later = T0 + 4000  # Rasa's session expired: the rating arrives in a new session
    events += [
        action("action_session_start", later),
        session_start(later + 0.1),
        understood('/rate_chat{"csat_score": 2}', later + 1, "rate_chat", 1.0, csat_score=2),
    ]
    with Session(engine) as db:
        store_conversation(db, "conv-1", events)
    ingest_tracker_store(engine)
    with Session(engine) as db:
        rows = db.scalars(
            select(AnalyticsConversation).order_by(AnalyticsConversation.started_at)
        ).all()
        assert [(r.csat_score, r.customer_turns) for r in rows] == [(2, 3), (None, 1)]
        assert rows[1].handoff_at is None


def test_broken_and_unknown_events_are_counted_and_kept_redacted(engine: Engine) -> None:
    RASA_EVENTS.create(engine)
    good = conversation()[:4]
    with Session(engine) as db:
        store_conversation(db, "conv-1", good)
        texts = [
            '{"event": "user", "text": "mail bob@example.org',
            '{"event": "teleport", "timestamp": 1795000009.0}',
            '{"event": "slot", "timestamp": 1795000009.5}',
            '{"text": "no type", "metadata": {"identity_token": "tok"}}',
            "[1, 2]",
            '{"event": "bot", "text": "no time"}',
        ]
        rows = [{"sender_id": "conv-1", "type_name": "user", "data": t} for t in texts]
        db.execute(insert(RASA_EVENTS), rows)
        db.commit()
        store_conversation(db, "conv-1", [bot("still here", T0 + 20)])
    result = ingest_tracker_store(engine)
    assert (result.read, result.rejected) == (11, 6)
    assert result.turns == 2  # the ingest went on after the broken rows
    with Session(engine) as db:
        rejects = db.scalars(
            select(AnalyticsReject).order_by(AnalyticsReject.source_event_id)
        ).all()
        assert [r.reason for r in rejects] == [
            "bad JSON",
            "unknown event type teleport",
            "missing field name",
            "missing field event",
            "not a JSON object",
            "missing or bad field timestamp",
        ]
        assert all(r.source == SOURCE for r in rejects)
        assert "bob@example.org" not in rejects[0].raw and "tok" not in rejects[3].raw
        assert db.scalar(select(func.count()).select_from(AnalyticsIngestRun)) == 1
        db.execute(delete(AnalyticsBookmark))
        db.commit()
    again = ingest_tracker_store(engine)
    assert (again.rejected, again.duplicates) == (0, 9)
    with Session(engine) as db:
        assert db.scalar(select(func.count()).select_from(AnalyticsReject)) == 6


def test_the_customer_comes_from_the_conversations_the_actions_recorded(shop: Engine) -> None:
    from icrm_models.privacy.conversations import remember_conversation

    RASA_EVENTS.create(shop)
    with Session(shop) as db:
        remember_conversation(db, customer_id=3, conversation_id="conv-1", now=at(T0 + 1))
        store_conversation(db, "conv-1", conversation())
        store_conversation(db, "conv-guest", conversation(T0 + 50))
    ingest_tracker_store(shop)
    with Session(shop) as db:
        found = dict(
            db.execute(
                select(AnalyticsConversation.conversation_id, AnalyticsConversation.customer_id)
            ).all()
        )
        assert found == {"conv-1": 3, "conv-guest": None}


def test_a_handoff_takes_the_live_cases_reason(shop: Engine) -> None:
    from icrm_models.db.schema import LiveCase

    RASA_EVENTS.create(shop)
    with Session(shop) as db:
        store_conversation(db, "conv-1", conversation())
        db.execute(
            insert(LiveCase).values(
                conversation_id="conv-1",
                status="closed",
                reason="escalation",
                priority="high",
                queued_at=at(T0 + 6.15),
                updated_at=at(T0 + 6.15),
                team="support",
                summary="",
                first_message="",
            )
        )
        db.commit()
    ingest_tracker_store(shop)
    with Session(shop) as db:
        assert db.scalar(select(AnalyticsConversation.handoff_reason)) == "escalation"
        db.execute(update(AnalyticsConversation).values(handoff_reason=None))
        db.commit()


def test_a_following_ingest_picks_up_what_rasa_writes_later(engine: Engine) -> None:
    RASA_EVENTS.create(engine)
    events = conversation()
    with Session(engine) as db:
        store_conversation(db, "conv-1", events[:9])
    results: list[IngestResult] = []
    follower = threading.Thread(
        target=lambda: results.append(
            ingest_tracker_store(engine, follow=True, poll_s=0.1, max_events=len(events))
        )
    )
    follower.start()
    time.sleep(1.0)
    with Session(engine) as db:
        store_conversation(db, "conv-1", events[9:])
    follower.join(timeout=30)
    assert not follower.is_alive()
    (result,) = results
    assert (result.read, result.turns, result.duplicates) == (len(events), 9, 0)
    with Session(engine) as db:
        assert db.scalar(select(func.count()).select_from(AnalyticsIngestRun)) == 1


def test_texts_no_database_can_store_are_cleaned_not_fatal(engine: Engine) -> None:
    RASA_EVENTS.create(engine)
    raw = '{"event": "user", "timestamp": 1795000001.0, "text": "a\\u0000b\\ud800c"}'
    with Session(engine) as db:
        store_conversation(db, "conv-1", [session_start(T0)])
        db.execute(insert(RASA_EVENTS), [{"sender_id": "conv-1", "type_name": "user", "data": raw}])
        db.commit()
    result = ingest_tracker_store(engine)
    assert (result.turns, result.rejected) == (1, 0)
    with Session(engine) as db:
        assert db.scalar(select(AnalyticsTurn.text)) == "a\ufffdb?c"
