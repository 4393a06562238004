from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from actions.errors import UNAVAILABLE
from actions.feedback.complaint import ActionOpenComplaint
from actions.handoff.handoff import ActionHandoffToHuman, availability
from actions.handoff.messages import (
    BOT_STEPS_BACK,
    COLLEAGUE_HOURS_UNKNOWN,
    COLLEAGUE_LATER,
    COLLEAGUE_NOW,
    COLLEAGUE_SOON,
)
from actions.services import services
from tests.actions.handoff.live_records import live_cases, online_agent
from tests.helpers.database import break_database
from tests.helpers.forms import after_form
from tests.helpers.identity import token_for
from tests.helpers.records import behaviour, tickets
from tests.helpers.runs import run_with_messages, slot_values
from tests.helpers.shop import AS_OF
from tests.helpers.trackers import build_tracker, said

MONDAY_1PM_CET = AS_OF  # 2026-11-23 12:00 UTC
SATURDAY_3PM_CET = datetime(2026, 11, 28, 14, 0, tzinfo=UTC)
DONE = [("handoff_requested", True), ("handoff_offered", False)]
PAUSE = {"event": "pause", "timestamp": None}


async def run(
    tracker: Any, *, now: datetime = MONDAY_1PM_CET
) -> tuple[list[dict[str, Any]], list[str]]:
    events, texts, _ = await run_with_messages(ActionHandoffToHuman(clock=lambda: now), tracker)
    return events, texts


def asks_for_a_human(token: str | None = None, text: str = "let me talk to a human") -> Any:
    return build_tracker(
        text,
        "contact_human_agent",
        token=token,
        earlier=[said("where is my refund for 10022?", "track_refund")],
    )


async def test_with_an_agent_online_a_colleague_takes_over_now(shop_db: str) -> None:
    online_agent(shop_db, now=MONDAY_1PM_CET)
    events, texts = await run(asks_for_a_human(token_for(1)))
    [ticket] = tickets(shop_db)
    assert texts == [COLLEAGUE_NOW.format(ticket=ticket.id) + BOT_STEPS_BACK]
    assert texts[0] == (
        "I've asked a colleague to take over — they'll reply right here in this chat shortly. "
        f"Your ticket number is #{ticket.id}. Until then I'll stay out of the way: whatever you "
        "write here goes to them."
    )
    assert slot_values(events) == DONE
    assert events[-1] == PAUSE  # the assistant is silent from now on
    assert (ticket.customer_id, ticket.category, ticket.priority, ticket.status) == (
        1,
        "handoff",
        "normal",
        "open",
    )
    assert ticket.summary.splitlines() == [
        "Handoff to a colleague requested (asked), 2026-11-23 12:00 UTC",
        "Last messages from the customer:",
        "- where is my refund for 10022?",
        "- let me talk to a human",
    ]
    [event] = behaviour(shop_db, "handoff_requested")
    assert (event.customer_id, event.conversation_id) == (1, "conv-test")
    assert event.properties["trigger"] == "asked"
    [case] = live_cases(shop_db)
    assert (case.status, case.reason, case.priority, case.team) == (
        "queued",
        "asked",
        "normal",
        "support",
    )
    assert (case.customer_id, case.ticket_id, case.queued_at) == (1, ticket.id, MONDAY_1PM_CET)
    assert case.first_message == "where is my refund for 10022?"
    assert "- let me talk to a human" in case.summary


async def test_within_the_hours_but_nobody_online_the_customer_waits_in_the_queue(
    shop_db: str,
) -> None:
    events, texts = await run(asks_for_a_human(token_for(1)))
    [ticket] = tickets(shop_db)
    assert texts == [COLLEAGUE_SOON.format(ticket=ticket.id) + BOT_STEPS_BACK]
    assert "shortly" not in texts[0]
    assert events[-1] == PAUSE
    [case] = live_cases(shop_db)
    assert case.status == "queued"


async def test_an_agent_who_went_quiet_does_not_count_as_online(shop_db: str) -> None:
    online_agent(shop_db, now=MONDAY_1PM_CET - timedelta(minutes=10))
    _, texts = await run(asks_for_a_human(token_for(1)))
    [ticket] = tickets(shop_db)
    assert texts == [COLLEAGUE_SOON.format(ticket=ticket.id) + BOT_STEPS_BACK]


async def test_asking_twice_keeps_one_case(shop_db: str) -> None:
    await run(asks_for_a_human(token_for(1)))
    await run(asks_for_a_human(token_for(1), text="hello?? anyone? this is ridiculous"))
    [case] = live_cases(shop_db)
    assert (case.status, case.priority) == ("queued", "high")


async def test_accepting_the_fallbacks_offer_is_a_fallback_handoff(shop_db: str) -> None:
    offered = [
        said("blorp flub", "nlu_fallback"),
        {"event": "action", "name": "action_default_fallback", "timestamp": None},
        {"event": "rewind", "timestamp": None},
        {"event": "slot", "name": "handoff_offered", "value": True, "timestamp": None},
    ]
    tracker = build_tracker(
        "yes", "affirm", earlier=offered, slots={"handoff_offered": True}, token=token_for(1)
    )
    events, _ = await run(tracker)
    [case] = live_cases(shop_db)
    assert case.reason == "fallback"
    assert events[-1] == PAUSE


async def test_outside_contact_hours_the_customer_learns_when_the_team_is_back(
    shop_db: str,
) -> None:
    events, texts = await run(asks_for_a_human(token_for(1)), now=SATURDAY_3PM_CET)
    [ticket] = tickets(shop_db)
    assert texts == [
        f"Our team is offline right now and back on Monday at 8:00 (CET). I've saved our "
        f"conversation as ticket #{ticket.id}, and a colleague will pick it up here then."
        + BOT_STEPS_BACK
    ]
    assert events[-1] == PAUSE  # the case waits in the queue with its transcript
    [case] = live_cases(shop_db)
    assert case.status == "queued"


async def test_accepting_an_offer_updates_the_complaint_ticket(shop_db: str) -> None:
    complaint = after_form(
        "complaint_form",
        [("third time I write, unacceptable", "complaint", [])],
        slots={"complaint_category": "delivery", "complaint_summary": "third time, unacceptable"},
        token=token_for(1),
    )
    await run_with_messages(ActionOpenComplaint(clock=lambda: AS_OF), complaint)
    [complaint_ticket] = tickets(shop_db)
    tracker = build_tracker(
        "yes please", "affirm", token=token_for(1), slots={"handoff_offered": True}
    )
    events, texts = await run(tracker)
    [ticket] = tickets(shop_db)
    assert ticket.id == complaint_ticket.id and ticket.priority == "urgent"
    assert "Handoff to a colleague requested (accepted offer)" in ticket.summary
    assert texts == [COLLEAGUE_SOON.format(ticket=ticket.id) + BOT_STEPS_BACK]
    assert slot_values(events) == DONE
    [event] = behaviour(shop_db, "handoff_requested")
    assert event.properties["new_ticket"] is False
    [case] = live_cases(shop_db)
    assert (case.reason, case.priority, case.ticket_id) == ("accepted_offer", "urgent", ticket.id)


async def test_accepting_the_offer_of_an_escalating_complaint_is_an_escalation(
    shop_db: str,
) -> None:
    offered = [
        said("I will sue you, this is the third time", "complaint"),
        {"event": "action", "name": "action_open_complaint", "timestamp": None},
        {"event": "slot", "name": "handoff_offered", "value": True, "timestamp": None},
    ]
    tracker = build_tracker(
        "yes", "affirm", earlier=offered, slots={"handoff_offered": True}, token=token_for(1)
    )
    await run(tracker)
    [case] = live_cases(shop_db)
    assert (case.reason, case.priority) == ("escalation", "high")


async def test_a_guest_can_ask_for_a_human(shop_db: str) -> None:
    events, texts = await run(asks_for_a_human(token=None))
    [ticket] = tickets(shop_db)
    assert ticket.customer_id is None
    assert texts == [COLLEAGUE_SOON.format(ticket=ticket.id) + BOT_STEPS_BACK]
    assert slot_values(events) == DONE
    [case] = live_cases(shop_db)
    assert case.customer_id is None  # a guest is never taken for a customer


async def test_an_angry_request_is_high_priority(shop_db: str) -> None:
    await run(asks_for_a_human(text="GET ME A HUMAN NOW!!!"))
    [ticket] = tickets(shop_db)
    assert ticket.priority == "high"
    [case] = live_cases(shop_db)
    assert case.priority == "high"


@pytest.mark.parametrize(
    "text", ["x" * 10_000, "'; DROP TABLE support_tickets; --", "\x00", "🙂", "\u202eإنسان"]
)
async def test_strange_input_gets_a_polite_answer(shop_db: str, text: str) -> None:
    events, texts = await run(asks_for_a_human(text=text))
    [ticket] = tickets(shop_db)
    assert texts == [COLLEAGUE_SOON.format(ticket=ticket.id) + BOT_STEPS_BACK]
    assert "\x00" not in ticket.summary and "\u202e" not in ticket.summary
    assert slot_values(events) == DONE
    [case] = live_cases(shop_db)
    assert "\x00" not in case.summary and "\u202e" not in case.summary


async def test_hours_that_cant_be_read_are_quoted(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = services().policies.get()
    odd = real.model_copy(
        update={"contact": real.contact.model_copy(update={"hours": "around the clock"})}
    )
    fake = SimpleNamespace(policies=SimpleNamespace(get=lambda: odd))
    monkeypatch.setattr("actions.handoff.handoff.services", lambda: fake)
    _, texts = await run(asks_for_a_human())
    [ticket] = tickets(shop_db)
    assert texts == [
        COLLEAGUE_HOURS_UNKNOWN.format(hours="around the clock", ticket=ticket.id) + BOT_STEPS_BACK
    ]


def test_availability_follows_the_hours() -> None:
    hours = "Monday to Friday 8:00–20:00, Saturday 9:00–14:00 (CET)"
    assert availability(hours, ticket=7, now=MONDAY_1PM_CET) == COLLEAGUE_SOON.format(ticket=7)
    assert availability(hours, ticket=7, now=SATURDAY_3PM_CET) == COLLEAGUE_LATER.format(
        when="on Monday at 8:00 (CET)", ticket=7
    )
    # someone online is "now", in the hours or not; the hours decide only when nobody is
    for when in (MONDAY_1PM_CET, SATURDAY_3PM_CET):
        assert availability(hours, ticket=7, now=when, online=1) == COLLEAGUE_NOW.format(ticket=7)


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.handoff.handoff", "insert")
    events, texts = await run(asks_for_a_human(token_for(1)))
    assert texts == [UNAVAILABLE]
    assert events == []  # not paused: the assistant is still there for the customer
    assert tickets(shop_db) == []
    assert live_cases(shop_db) == []
