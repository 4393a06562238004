"""``SafeAction``: a failure becomes the one translated message plus the action's failure events.

Exact events and messages, as rasa-sdk's own tests assert them: the apology comes from
``actions/errors.py`` only, and the events are exactly what ``on_failure_events`` returns.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import OperationalError

from actions.errors import BROKEN, UNAVAILABLE, SafeAction, unless_unavailable
from actions.feedback.complaint import ActionOpenComplaint
from actions.orders.track import ActionTrackOrder
from icrm_models.clock import utc_now

FIXED = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
CLEARED = [
    {"event": "slot", "timestamp": None, "name": "complaint_category", "value": None},
    {"event": "slot", "timestamp": None, "name": "complaint_summary", "value": None},
]


def _outage() -> OperationalError:
    return OperationalError("insert", {}, Exception("database is down"))


def _failing(action: SafeAction, error: BaseException) -> SafeAction:
    """``action`` whose work raises ``error`` (no test subclasses: rasa-sdk would register them)."""

    async def act(
        dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        raise error

    action.act = act  # type: ignore[method-assign]
    return action


def _with_hook(error: BaseException) -> SafeAction:
    """An action that clears its two slots after a failure (the complaint's)."""
    return _failing(ActionOpenComplaint(), error)


def _tracker() -> Tracker:
    return Tracker.from_dict({"sender_id": "conv-errors", "slots": {}, "events": []})


async def _run(action: SafeAction) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, _tracker(), {})
    return events, dispatcher.messages


def _said(text: str) -> dict[str, Any]:
    """A text message exactly as CollectingDispatcher records it."""
    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(text=text)
    return dispatcher.messages[0]


async def test_a_database_failure_is_the_unavailable_message_and_the_hook_s_events() -> None:
    events, messages = await _run(_with_hook(_outage()))
    assert events == CLEARED
    assert messages == [_said(UNAVAILABLE)]


@pytest.mark.parametrize("error", [TimeoutError("slow"), OSError("refused")])
async def test_a_slow_or_unreachable_database_is_an_outage_too(error: BaseException) -> None:
    assert await _run(_with_hook(error)) == (CLEARED, [_said(UNAVAILABLE)])


async def test_a_bug_is_the_broken_message_and_the_slots_are_cleared_all_the_same() -> None:
    assert await _run(_with_hook(RuntimeError("bug"))) == (CLEARED, [_said(BROKEN)])


async def test_without_a_hook_a_failure_returns_no_events() -> None:
    assert await _run(_failing(ActionTrackOrder(), _outage())) == ([], [_said(UNAVAILABLE)])


async def test_a_cancelled_action_is_not_a_failure() -> None:
    with pytest.raises(asyncio.CancelledError):
        await _run(_with_hook(asyncio.CancelledError()))


async def test_a_failure_is_logged_once_with_the_conversation(
    caplog: pytest.LogCaptureFixture,
) -> None:
    await _run(_with_hook(_outage()))
    failures = [r for r in caplog.records if r.levelname == "ERROR"]
    assert [r.getMessage() for r in failures] == [
        "conversation conv-errors: action action_open_complaint failed"
    ]


async def test_a_read_one_can_do_without_is_none_in_an_outage(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def read() -> list[int]:
        raise _outage()

    assert await unless_unavailable(read(), _tracker(), "latest orders") is None
    assert "conversation conv-errors: latest orders unavailable" in caplog.text


async def test_a_read_one_can_do_without_still_fails_on_a_bug() -> None:
    async def read() -> list[int]:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        await unless_unavailable(read(), _tracker(), "latest orders")


async def test_a_read_that_works_gives_its_result() -> None:
    async def read() -> list[int]:
        return [10023]

    assert await unless_unavailable(read(), _tracker(), "latest orders") == [10023]


def test_every_action_tells_the_time_by_the_one_clock_unless_given_another() -> None:
    assert ActionTrackOrder().clock is utc_now
    assert ActionOpenComplaint().clock is utc_now
    assert ActionOpenComplaint(clock=lambda: FIXED).clock() == FIXED
