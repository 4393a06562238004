"""The feedback actions after a failure: the translated message and exactly their slots cleared.

Neither action catches a failure itself: ``SafeAction`` tells the customer (the one place of
those messages) and returns the action's ``on_failure_events``, whatever went wrong.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.errors import BROKEN, UNAVAILABLE, SafeAction
from actions.feedback.complaint import ActionOpenComplaint
from actions.feedback.review import ActionStoreReview
from tests.helpers.database import break_database
from tests.helpers.forms import after_form
from tests.helpers.identity import token_for
from tests.helpers.records import behaviour, tickets
from tests.helpers.runs import run_action
from tests.helpers.shop import shop_clock

COMPLAINT_CLEARED = [
    {"event": "slot", "timestamp": None, "name": "complaint_category", "value": None},
    {"event": "slot", "timestamp": None, "name": "complaint_summary", "value": None},
]
REVIEW_CLEARED = [{"event": "slot", "timestamp": None, "name": "review_text", "value": None}]


def _complaint() -> Tracker:
    return after_form(
        "complaint_form",
        [("my hoodie arrived damaged", "complaint", [])],
        slots={"complaint_category": "damaged", "complaint_summary": "my hoodie arrived damaged"},
        token=token_for(1),
    )


def _review() -> Tracker:
    return after_form(
        "review_form",
        [("write a review", "review", []), ("great jacket, 5 stars", "inform", [])],
        slots={"review_text": "great jacket, 5 stars"},
        token=token_for(1),
    )


CASES = [
    pytest.param(
        ActionOpenComplaint,
        "actions.feedback.complaint",
        _complaint,
        COMPLAINT_CLEARED,
        id="complaint",
    ),
    pytest.param(
        ActionStoreReview, "actions.feedback.review", _review, REVIEW_CLEARED, id="review"
    ),
]


@pytest.mark.parametrize(("action", "module", "tracker", "cleared"), CASES)
async def test_a_database_failure_is_told_and_the_slots_are_cleared(
    shop_db: str,
    monkeypatch: pytest.MonkeyPatch,
    action: type[SafeAction],
    module: str,
    tracker: Any,
    cleared: list[dict[str, Any]],
) -> None:
    break_database(monkeypatch, module, "insert")
    assert await run_action(action(clock=shop_clock), tracker()) == (cleared, [UNAVAILABLE])
    assert tickets(shop_db) == [] and behaviour(shop_db, "review") == []


@pytest.mark.parametrize(("action", "module", "tracker", "cleared"), CASES)
async def test_a_bug_is_told_and_the_slots_are_cleared_all_the_same(
    shop_db: str,
    monkeypatch: pytest.MonkeyPatch,
    action: type[SafeAction],
    module: str,
    tracker: Any,
    cleared: list[dict[str, Any]],
) -> None:
    async def buggy(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug in the query")

    monkeypatch.setattr(f"{module}.run_query", buggy)
    assert await run_action(action(clock=shop_clock), tracker()) == (cleared, [BROKEN])
