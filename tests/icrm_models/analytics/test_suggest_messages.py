"""Which customer messages count as not understood: read from real analytics rows, both backends."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.analytics.unknown_messages import UnknownMessage, unknown_messages
from icrm_models.db.tables.analytics import AnalyticsConversation, AnalyticsTurn

DAY = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
_keys = itertools.count(1)


@dataclass(frozen=True)
class Line:
    """One turn to write: who, what, and how the NLU read it."""

    text: str | None
    intent: str | None = None
    confidence: float | None = None
    fallback: bool = False
    actor: str = "customer"


def conversation(
    engine: Engine, lines: list[Line], *, start: datetime = DAY, handoff_after: int | None = None
) -> None:
    """A conversation of ``lines`` a minute apart; handed off after line ``handoff_after``."""
    with Session(engine) as session:
        conv = AnalyticsConversation(
            session_key=f"s{next(_keys):063d}",
            conversation_id=f"c-{next(_keys)}",
            started_at=start,
            last_event_at=start + timedelta(minutes=len(lines)),
        )
        if handoff_after is not None:
            conv.handoff_at = start + timedelta(minutes=handoff_after, seconds=30)
        session.add(conv)
        session.flush()
        for n, line in enumerate(lines):
            session.add(
                AnalyticsTurn(
                    event_key=f"t{next(_keys):063d}",
                    conversation_pk=conv.id,
                    conversation_id=conv.conversation_id,
                    at=start + timedelta(minutes=n),
                    actor=line.actor,
                    text=line.text,
                    intent=line.intent,
                    confidence=line.confidence,
                    entities=[],
                    fallback=line.fallback,
                )
            )
        session.commit()


def read(engine: Engine, **options: Any) -> list[UnknownMessage]:
    """What :func:`unknown_messages` finds, in a session closed afterwards."""
    with Session(engine) as session:
        return unknown_messages(session, **options)


def test_fallbacks_low_confidence_and_handoffs_are_read(engine: Engine) -> None:
    conversation(
        engine,
        [
            Line("hi", "greet", 0.99),
            Line("do you gift wrap", "nlu_fallback", 0.3, fallback=True),
            Line("Sorry, I didn't get that.", actor="bot"),
            Line("wrap it as a present", "place_order", 0.52),
            Line("where is order 10023", "track_order", 0.97),  # understood: not read
        ],
    )
    conversation(
        engine,
        [
            Line("hello", "greet", 0.99),  # outside the window of 2 before the handoff
            Line("can I pick it up in the Leeds store", "delivery_options", 0.81),
            Line("let me talk to a human", "contact_human_agent", 0.98),  # a request: left out
            Line("thanks", "thank", 0.99),  # after the handoff: to the agent, not read
        ],
        handoff_after=2,
        start=DAY + timedelta(hours=1),
    )
    found = read(engine)
    assert [(m.text, m.reason) for m in found] == [
        ("do you gift wrap", "fallback"),
        ("wrap it as a present", "low_confidence"),
        ("can I pick it up in the Leeds store", "handoff"),
    ]
    assert found[0].intent == "nlu_fallback" and found[1].confidence == pytest.approx(0.52)


def test_a_message_counts_once_with_its_first_reason(engine: Engine) -> None:
    conversation(engine, [Line("gift wrap??", "nlu_fallback", 0.2, fallback=True)], handoff_after=0)
    found = read(engine)
    assert [(m.text, m.reason) for m in found] == [("gift wrap??", "fallback")]


def test_since_threshold_and_window_are_honoured(engine: Engine) -> None:
    conversation(engine, [Line("old question", "nlu_fallback", 0.1, fallback=True)])
    conversation(
        engine,
        [Line("shaky one", "review", 0.55), Line("empty", "review", 0.1), Line("", "x", 0.1)],
        start=DAY + timedelta(days=2),
    )
    since = DAY + timedelta(days=1)
    assert [m.text for m in read(engine, since=since)] == [
        "shaky one",
        "empty",
    ]
    strict = read(engine, since=since, confidence_below=0.5)
    assert [m.text for m in strict] == ["empty"]
    conversation(engine, [Line("a", "greet", 0.9), Line("b", "greet", 0.9)], handoff_after=1)
    assert read(engine, since=DAY, handoff_window=0)[-1].text == "empty"


def test_bad_arguments_are_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match=r"confidence_below must be between 0 and 1, got 1\.5"):
        read(engine, confidence_below=1.5)
    with pytest.raises(ValueError, match="handoff_window must be 0 or more, got -1"):
        read(engine, handoff_window=-1)
