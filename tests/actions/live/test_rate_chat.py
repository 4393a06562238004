"""``action_rate_chat``: the widget's one-tap rating lands on the conversation's closed case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from actions.errors import UNAVAILABLE
from actions.live.messages import NOTHING_TO_RATE, THANKS, THANKS_LOW, UNREADABLE
from actions.live.rate_chat import ActionRateChat
from icrm_models.live.queue import claim, close_case, enqueue
from tests.actions.handoff.live_records import live_cases, online_agent
from tests.helpers.database import break_database
from tests.helpers.runs import run_action
from tests.helpers.shop import AS_OF, shop_session
from tests.helpers.trackers import SENDER, build_tracker

RATED_AT = AS_OF + timedelta(minutes=30)


def closed_case(url: str) -> int:
    """A handoff of the test conversation that an agent claimed and closed as solved."""
    agent_id = online_agent(url, now=AS_OF)
    with shop_session(url) as session:
        case = enqueue(
            session,
            conversation_id=SENDER,
            reason="asked",
            priority="normal",
            summary="Handoff to a colleague (asked)",
            first_message="where is my refund?",
            customer_id=None,
            ticket_id=None,
            now=AS_OF,
        )
        session.commit()
        assert claim(session, case.id, agent_id, now=AS_OF)
        close_case(session, case.id, agent_id, resolution="solved", category="refund", now=AS_OF)
        session.commit()
        return case.id


def rating(score: Any) -> Any:
    payload = f'/rate_chat{{"csat_score": {score!r}}}'
    return build_tracker(payload, "rate_chat", [{"entity": "csat_score", "value": score}])


async def rate(tracker: Any) -> tuple[list[dict[str, Any]], list[str]]:
    return await run_action(ActionRateChat(clock=lambda: RATED_AT), tracker)


async def test_the_rating_is_stored_on_the_closed_case(shop_db: str) -> None:
    closed_case(shop_db)
    events, texts = await rate(rating(4))
    assert texts == [THANKS.format(score=4)] and events == []
    [case] = live_cases(shop_db)
    assert (case.csat_score, case.csat_at) == (4, RATED_AT)


async def test_a_low_rating_is_answered_with_an_apology(shop_db: str) -> None:
    closed_case(shop_db)
    _, texts = await rate(rating("1"))  # the widget may send the number as text
    assert texts == [THANKS_LOW.format(score=1)]
    [case] = live_cases(shop_db)
    assert case.csat_score == 1


async def test_a_second_tap_keeps_the_first_rating(shop_db: str) -> None:
    closed_case(shop_db)
    await rate(rating(5))
    _, texts = await rate(rating(1))
    assert texts == [NOTHING_TO_RATE]
    [case] = live_cases(shop_db)
    assert case.csat_score == 5


async def test_without_a_closed_case_nothing_is_rated(shop_db: str) -> None:
    _, texts = await rate(rating(3))
    assert texts == [NOTHING_TO_RATE]
    assert live_cases(shop_db) == []


@pytest.mark.parametrize("score", [0, 6, 3.5, "five", None, True])
async def test_a_rating_outside_one_to_five_is_not_stored(shop_db: str, score: Any) -> None:
    closed_case(shop_db)
    _, texts = await rate(rating(score))
    assert texts == [UNREADABLE]
    [case] = live_cases(shop_db)
    assert case.csat_score is None


async def test_a_rating_without_a_score_is_not_stored(shop_db: str) -> None:
    closed_case(shop_db)
    _, texts = await rate(build_tracker("/rate_chat", "rate_chat"))
    assert texts == [UNREADABLE]


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed_case(shop_db)
    break_database(monkeypatch, "actions.live.rate_chat", "update")
    _, texts = await rate(rating(4))
    assert texts == [UNAVAILABLE]
