from typing import Any

from actions.fallback.default_fallback import ActionDefaultFallback
from actions.fallback.messages import COLLEAGUE_COMING, OFFER_COLLEAGUE
from tests.helpers.runs import run_with_messages
from tests.helpers.trackers import build_tracker

REWIND = {"event": "rewind", "timestamp": None}


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "timestamp": None, "name": name, "value": value}


async def test_the_first_failure_apologises_and_offers_a_colleague() -> None:
    events, texts, _ = await run_with_messages(
        ActionDefaultFallback(), build_tracker("asdf", "nlu_fallback")
    )
    assert texts == ["Sorry, I'm afraid I don't understand. Shall I connect you to a colleague?"]
    # The rewind comes first, so the slots set after it survive it.
    assert events == [REWIND, slot("fallback_count", 1.0), slot("handoff_offered", True)]


async def test_failures_are_counted() -> None:
    tracker = build_tracker("qwerty", "nlu_fallback", slots={"fallback_count": 2.0})
    events, texts, _ = await run_with_messages(ActionDefaultFallback(), tracker)
    assert texts == [OFFER_COLLEAGUE[1]]
    assert events == [REWIND, slot("fallback_count", 3.0), slot("handoff_offered", True)]


async def test_an_unreadable_count_starts_again() -> None:
    tracker = build_tracker("qwerty", "nlu_fallback", slots={"fallback_count": "many"})
    events, _, _ = await run_with_messages(ActionDefaultFallback(), tracker)
    assert slot("fallback_count", 1.0) in events


async def test_no_second_offer_once_a_colleague_was_asked() -> None:
    tracker = build_tracker("???", "nlu_fallback", slots={"handoff_requested": True})
    events, texts, _ = await run_with_messages(ActionDefaultFallback(), tracker)
    assert texts == [COLLEAGUE_COMING]
    assert events == [REWIND, slot("fallback_count", 1.0)]
