"""Form funnels and abandonment from real Rasa event sequences, through the real ingest.

The demo run's two faults: Rasa's two-stage fallback (a loop, not a form) appeared as a form
and as "abandoned at action_two_stage_fallback → nan", and a slot given in the customer's
opening message ("I want to return order 10023") was no slot step, so the return form showed
fewer conversations at ``order_id`` than completed it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.analytics.frames import load
from icrm_models.analytics.tracker_source import ingest_tracker_store
from tests.helpers.rasa_events import (
    RASA_EVENTS,
    bot,
    said,
    session_start,
    slot,
    store_conversation,
)

T0 = datetime(2026, 11, 3, 10, tzinfo=UTC).timestamp()
PERIOD = (date(2026, 11, 3), date(2026, 11, 3))
LATER = datetime(2026, 11, 4, tzinfo=UTC)


def action(name: str, ts: float) -> dict[str, Any]:
    return {"event": "action", "timestamp": ts, "name": name}


def loop(name: str | None, ts: float) -> dict[str, Any]:
    return {"event": "active_loop", "timestamp": ts, "name": name}


def opening(t: float) -> list[dict[str, Any]]:
    return [action("action_session_start", t), session_start(t + 0.1), action("action_listen", t)]


def return_in_one_message(t: float) -> list[dict[str, Any]]:
    """The order number in the first message; the form validates it before asking anything."""
    return [
        *opening(t),
        said("I want to return order 10023", t + 1, intent="get_refund"),
        slot("order_id", "10023", t + 1.1),
        action("return_form", t + 2),
        loop("return_form", t + 2.1),
        slot("order_id", "10023", t + 2.2),
        slot("requested_slot", "return_reason", t + 2.3),
        bot("Why do you return it?", t + 2.4),
        action("action_listen", t + 2.5),
        said("it does not fit", t + 3),
        action("return_form", t + 3.1),
        slot("return_reason", "it does not fit", t + 3.2),
        slot("requested_slot", None, t + 3.3),
        loop(None, t + 3.4),
        action("action_create_return", t + 3.5),
    ]


def return_ended_early(t: float) -> list[dict[str, Any]]:
    """An order that cannot be returned: the form completes with no slot requested at all."""
    return [
        *opening(t),
        said("I'd like to return order 12287", t + 1, intent="get_refund"),
        slot("order_id", "12287", t + 1.1),
        action("return_form", t + 2),
        loop("return_form", t + 2.1),
        slot("requested_slot", None, t + 2.2),
        slot("order_id", "12287", t + 2.3),
        loop(None, t + 2.4),
        action("action_create_return", t + 2.5),
    ]


def left_at_did_you_mean(t: float) -> list[dict[str, Any]]:
    """Not understood; the two-stage fallback asks "did you mean...?"; the customer leaves."""
    return [
        *opening(t),
        said("ok but what about mine", t + 1, intent="nlu_fallback"),
        action("action_two_stage_fallback", t + 2),
        loop("action_two_stage_fallback", t + 2.1),
        bot("Sorry, I'm not sure I understood. Did you mean...?", t + 2.2),
        action("action_listen", t + 2.3),
    ]


def fallback_inside_a_form(t: float) -> list[dict[str, Any]]:
    """A fallback loop while the return form asks; the customer rephrases and finishes."""
    return [
        *opening(t),
        said("I want to return something", t + 1, intent="get_refund"),
        action("return_form", t + 2),
        loop("return_form", t + 2.1),
        slot("requested_slot", "order_id", t + 2.2),
        action("action_listen", t + 2.3),
        said("blorp", t + 3, intent="nlu_fallback"),
        action("action_two_stage_fallback", t + 3.1),
        loop("action_two_stage_fallback", t + 3.2),
        action("action_listen", t + 3.3),
        said("order 10023", t + 4, intent="inform"),
        action("action_two_stage_fallback", t + 4.1),
        loop(None, t + 4.2),
        action("return_form", t + 4.3),
        slot("order_id", "10023", t + 4.4),
        slot("requested_slot", None, t + 4.5),
        loop(None, t + 4.6),
    ]


def test_fallback_loops_are_no_forms_and_opening_slots_are_steps(engine: Engine) -> None:
    RASA_EVENTS.create(engine)
    with Session(engine) as db:
        store_conversation(db, "one-message", return_in_one_message(T0))
        store_conversation(db, "ended-early", return_ended_early(T0 + 100))
        store_conversation(db, "did-you-mean", left_at_did_you_mean(T0 + 200))
        store_conversation(db, "inside-form", fallback_inside_a_form(T0 + 300))
    result = ingest_tracker_store(engine)
    assert result.rejected == 0
    data = load(engine, *PERIOD, now=LATER)

    funnels = data.form_funnels()
    assert set(funnels["form"]) == {"return_form"}
    steps = {
        (row.step, None if row.slot != row.slot else row.slot): row.conversations
        for row in funnels.itertuples()
    }
    assert steps == {
        ("started", None): 3,
        ("slot", "order_id"): 3,  # two given in the opening message, one after the fallback
        ("slot", "return_reason"): 3,  # one answered, two completed without being asked
        ("completed", None): 3,
    }

    filled = funnels[funnels["step"] == "slot"].set_index("slot")["filled"].to_dict()
    assert filled == {"order_id": 3, "return_reason": 1}  # what the customers really answered

    abandonment = data.abandonment()
    assert abandonment[["kind", "conversations"]].values.tolist() == [["after_fallback", 1]]
    assert abandonment["form"].isna().all()
    outcomes = data.outcomes().set_index("outcome")["conversations"].to_dict()
    assert (outcomes["contained"], outcomes["abandoned"]) == (3, 1)
