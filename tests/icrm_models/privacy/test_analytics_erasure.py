"""Forget-me reaches the conversation analytics: the person's conversations go, others' stay."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from icrm_models.analytics.tracker_source import ingest_tracker_store
from icrm_models.db.schema import Customer
from icrm_models.db.tables.analytics import (
    AnalyticsConversation,
    AnalyticsFormStep,
    AnalyticsReject,
    AnalyticsTurn,
)
from icrm_models.privacy.analytics import forget_analytics
from icrm_models.privacy.conversations import remember_conversation
from icrm_models.privacy.erasure import erase_customer
from tests.helpers.rasa_events import bot, said, session_start, store_conversation
from tests.helpers.shop import AS_OF

T0 = AS_OF.timestamp()


def chat(t: float, text: str) -> list[dict[str, object]]:
    """A short session with a form step, a turn each way and one broken event after it."""
    return [
        session_start(t),
        said(text, t + 1, intent="request_return"),
        {"event": "active_loop", "timestamp": t + 2, "name": "return_form"},
        bot("Which order?", t + 3),
        {"event": "teleport", "timestamp": t + 4},
    ]


def _rows(session: Session, conversation_id: str) -> dict[str, int]:
    counts = {}
    for entity in (AnalyticsConversation, AnalyticsTurn, AnalyticsFormStep, AnalyticsReject):
        query = select(func.count()).where(entity.conversation_id == conversation_id)
        counts[entity.__tablename__] = int(session.scalar(query) or 0)
    return counts


def test_an_erasure_deletes_the_persons_analytics_and_keeps_the_others(session: Session) -> None:
    person, other = session.get(Customer, 3), session.get(Customer, 4)
    assert person is not None and other is not None
    remember_conversation(session, customer_id=person.id, conversation_id="conv-own", now=AS_OF)
    remember_conversation(session, customer_id=other.id, conversation_id="conv-other", now=AS_OF)
    store_conversation(session, "conv-own", chat(T0, "return my coat"))
    store_conversation(session, "conv-guest", chat(T0 + 50, f"I am {person.email}, help"))
    store_conversation(session, "conv-other", chat(T0 + 100, "return my hat"))
    store_conversation(session, "conv-late", chat(T0 + 150, "where is it?"))
    ingest_tracker_store(session.get_bind())  # type: ignore[arg-type]
    # a conversation tied to the person only by the analytics (identified after the fact)
    session.execute(
        update(AnalyticsConversation)
        .where(AnalyticsConversation.conversation_id == "conv-late")
        .values(customer_id=person.id)
    )
    session.commit()
    full = {"analytics_conversations": 1, "analytics_turns": 2, "analytics_form_steps": 1,
            "analytics_rejects": 1}  # fmt: skip
    for conversation in ("conv-own", "conv-guest", "conv-other", "conv-late"):
        assert _rows(session, conversation) == full

    done = erase_customer(session, person)
    session.commit()

    assert done["analytics_conversations"] == 3 and done["analytics_turns"] == 6
    assert done["analytics_rejects"] == 3
    gone = dict.fromkeys(full, 0)
    assert _rows(session, "conv-own") == gone
    assert _rows(session, "conv-guest") == gone  # found by the e-mail typed in it
    assert _rows(session, "conv-late") == gone  # tied to the person by its customer id only
    assert _rows(session, "conv-other") == full
    stored_texts = session.scalars(select(AnalyticsTurn.text)).all()
    assert all(person.email.lower() not in (t or "").lower() for t in stored_texts)


def test_forgetting_nothing_known_deletes_nothing(session: Session) -> None:
    store_conversation(session, "conv-other", chat(T0, "return my hat"))
    ingest_tracker_store(session.get_bind())  # type: ignore[arg-type]
    done = forget_analytics(session, 3, [])
    session.commit()
    assert set(done.values()) == {0}
    assert _rows(session, "conv-other")["analytics_turns"] == 2
