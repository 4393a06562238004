from datetime import timedelta
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.errors import UNAVAILABLE
from actions.orders.messages import INVALID_NUMBER
from actions.refunds.messages import REASON_UNREADABLE
from actions.refunds.return_form import ValidateReturnForm
from actions.verification import VERIFIED
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.database import break_database
from tests.helpers.domain import bot_domain
from tests.helpers.forms import form_turn
from tests.helpers.identity import proven_customer, token_for
from tests.helpers.shop import AS_OF, shop_clock, shop_session
from tests.helpers.shop_changes import deliver, other_orders
from tests.helpers.trackers import entity

RONI = 1
ORDER = DEMO_ORDER_IDS["in_transit"]  # Roni's; delivered where a test needs it
FORM = "return_form"


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "timestamp": None, "name": name, "value": value}


async def _run(tracker: Tracker) -> tuple[list[dict[str, Any]], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateReturnForm(clock=shop_clock).run(dispatcher, tracker, bot_domain())
    return events, [m["text"] for m in dispatcher.messages]


def _deliver(order_id: int, days_ago: float) -> None:
    with shop_session() as session:
        deliver(session, order_id, AS_OF - timedelta(days=days_ago))


def _other_order() -> int:
    with shop_session() as session:
        return other_orders(session, RONI, besides=ORDER)[0]


def test_the_domain_declares_the_form_s_questions() -> None:
    assert bot_domain()["forms"][FORM]["required_slots"] == [
        "order_id",
        "return_reason",
        "confirmation",
    ]


async def test_a_returnable_order_goes_on_to_the_reason(shop_db: str) -> None:
    _deliver(ORDER, 3)
    tracker = form_turn(
        "start a return for order 10023",
        "get_refund",
        [entity("order_id", "10023")],
        form=FORM,
        requested_slot=None,
        candidates={"order_id": "10023"},
        token=token_for(RONI),
    )
    events, texts = await _run(tracker)
    # Rasa's form asks the next question (the reason) itself.
    assert events == [slot("order_id", "10023")]
    assert texts == []


@pytest.mark.parametrize("order_id", [ORDER, 99_999, DEMO_ORDER_IDS["processing"]])
async def test_an_order_that_cannot_be_returned_ends_the_form_at_once(
    shop_db: str, order_id: int
) -> None:
    """Not delivered yet, missing, someone else's: the form stops; the final action says why."""
    tracker = form_turn(
        f"i want to return {order_id}",
        "get_refund",
        [entity("order_id", str(order_id))],
        form=FORM,
        requested_slot=None,
        candidates={"order_id": str(order_id)},
        token=token_for(RONI),
    )
    events, texts = await _run(tracker)
    assert events == [slot("requested_slot", None)]
    assert texts == []


async def test_a_guest_is_asked_who_they_are_before_anything_is_looked_up(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_database(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("nothing may be looked up before the customer is verified")

    monkeypatch.setattr("actions.refunds.return_check.run_query", no_database)
    tracker = form_turn(
        "start a return for order 10023",
        "get_refund",
        [entity("order_id", "#10023")],
        form=FORM,
        requested_slot=None,
        candidates={"order_id": "#10023"},
    )
    events, texts = await _run(tracker)
    assert events == [slot("order_id", "10023"), slot("requested_slot", "identity_email")]
    assert texts == []


@pytest.mark.parametrize("earlier_order", [None, "other"])
async def test_the_order_number_that_proves_identity_is_not_the_order_to_return(
    shop_db: str, earlier_order: str | None
) -> None:
    other = _other_order()
    _deliver(other, 5)
    before = str(other) if earlier_order else None
    tracker = form_turn(
        "10023",
        "inform",
        [entity("order_id", "10023")],
        form=FORM,
        requested_slot="identity_order_id",
        slots={"identity_email": "roni_cost@example.com", "order_id": before},
        candidates={"order_id": "10023"},
    )
    events, texts = await _run(tracker)
    assert texts == [VERIFIED]
    by_name = {e["name"]: e["value"] for e in events}
    assert by_name["order_id"] == before
    assert by_name["identity_order_id"] == "10023"
    assert proven_customer(by_name["verified_customer_id"]) == RONI
    assert by_name["verification_attempts"] == 0
    if earlier_order is None:
        assert "requested_slot" not in by_name  # Rasa asks the next missing slot (the order)
    else:  # a guest's other order: the form ends, action_create_return answers as for a stranger's
        assert by_name["requested_slot"] is None


async def test_a_reason_is_cleaned(shop_db: str) -> None:
    _deliver(ORDER, 3)
    tracker = form_turn(
        "  too\x00 small \n",
        "inform",
        form=FORM,
        requested_slot="return_reason",
        slots={"order_id": "10023"},
        candidates={"return_reason": "  too\x00 small \n"},
        token=token_for(RONI),
    )
    events, texts = await _run(tracker)
    assert events == [slot("return_reason", "too small")]
    assert texts == []


@pytest.mark.parametrize("value", ["\x00\x00", "   ", "\u202e"])
async def test_an_unreadable_reason_is_asked_again(shop_db: str, value: str) -> None:
    _deliver(ORDER, 3)
    tracker = form_turn(
        value,
        "inform",
        form=FORM,
        requested_slot="return_reason",
        slots={"order_id": "10023"},
        candidates={"return_reason": value},
        token=token_for(RONI),
    )
    events, texts = await _run(tracker)
    assert events == [slot("return_reason", None)]
    assert texts == [REASON_UNREADABLE]


async def test_a_very_long_reason_is_shortened(shop_db: str) -> None:
    _deliver(ORDER, 3)
    value = "it's too small " * 700
    tracker = form_turn(
        value,
        "inform",
        form=FORM,
        requested_slot="return_reason",
        slots={"order_id": "10023"},
        candidates={"return_reason": value},
        token=token_for(RONI),
    )
    events, _ = await _run(tracker)
    assert len(events) == 1 and len(events[0]["value"]) == 255


@pytest.mark.parametrize(("intent", "answer"), [("affirm", True), ("deny", False)])
async def test_yes_or_no_answers_the_confirmation(shop_db: str, intent: str, answer: bool) -> None:
    _deliver(ORDER, 3)
    tracker = form_turn(
        "yes" if answer else "no",
        intent,
        form=FORM,
        requested_slot="confirmation",
        slots={"order_id": "10023", "return_reason": "too small"},
        token=token_for(RONI),
    )
    events, texts = await _run(tracker)
    assert events == [slot("confirmation", answer)]
    assert texts == []


async def test_a_yes_to_another_question_is_no_confirmation(shop_db: str) -> None:
    _deliver(ORDER, 3)
    tracker = form_turn(
        "yes",
        "affirm",
        form=FORM,
        requested_slot="return_reason",
        slots={"order_id": "10023"},
        token=token_for(RONI),
    )
    events, _ = await _run(tracker)
    assert events == []


async def test_correcting_the_order_while_confirming_asks_again_for_the_new_one(
    shop_db: str,
) -> None:
    other = _other_order()
    _deliver(ORDER, 3)
    _deliver(other, 5)
    tracker = form_turn(
        f"no, I meant {other}",
        "deny",
        [entity("order_id", str(other))],
        form=FORM,
        requested_slot="confirmation",
        slots={"order_id": "10023", "return_reason": "too small"},
        candidates={"order_id": str(other)},
        token=token_for(RONI),
    )
    events, texts = await _run(tracker)
    # The order changes, "no" isn't taken as the answer: Rasa asks the confirmation again.
    assert events == [slot("order_id", str(other))]
    assert texts == []


async def test_correcting_to_an_order_that_cannot_be_returned_ends_the_form(
    shop_db: str,
) -> None:
    other = _other_order()
    _deliver(ORDER, 3)
    _deliver(other, 45)
    tracker = form_turn(
        f"sorry, it's {other}",
        "inform",
        [entity("order_id", str(other))],
        form=FORM,
        requested_slot="confirmation",
        slots={"order_id": "10023", "return_reason": "too small"},
        candidates={"order_id": str(other)},
        token=token_for(RONI),
    )
    events, _ = await _run(tracker)
    assert events == [slot("requested_slot", None)]


async def test_a_new_order_number_is_not_a_reason(shop_db: str) -> None:
    other = _other_order()
    _deliver(ORDER, 3)
    _deliver(other, 5)
    tracker = form_turn(
        f"actually it's order {other}",
        "inform",
        [entity("order_id", str(other))],
        form=FORM,
        requested_slot="return_reason",
        slots={"order_id": "10023"},
        candidates={"order_id": str(other), "return_reason": f"actually it's order {other}"},
        token=token_for(RONI),
    )
    events, _ = await _run(tracker)
    assert events == [slot("order_id", str(other)), slot("return_reason", None)]


@pytest.mark.parametrize("value", ["10023' OR 1=1 --", "x" * 10_000, "🙂", "\x00"])
async def test_strange_order_numbers_get_a_polite_answer(shop_db: str, value: str) -> None:
    tracker = form_turn(
        value,
        "inform",
        form=FORM,
        requested_slot="order_id",
        candidates={"order_id": value},
        token=token_for(RONI),
    )
    events, texts = await _run(tracker)
    assert events == [slot("order_id", None)]
    assert texts == [INVALID_NUMBER]


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.refunds.return_check")
    tracker = form_turn(
        "return 10023",
        "get_refund",
        [entity("order_id", "10023")],
        form=FORM,
        requested_slot=None,
        candidates={"order_id": "10023"},
        token=token_for(RONI),
    )
    events, texts = await _run(tracker)
    assert events == []
    assert texts == [UNAVAILABLE]


async def test_answers_left_over_from_earlier_forms_are_not_taken(shop_db: str) -> None:
    """A "yes" of another form (the slot is shared) or an abandoned return's reason."""
    _deliver(ORDER, 3)
    tracker = form_turn(
        "start a return for order 10023",
        "get_refund",
        [entity("order_id", "10023")],
        form=FORM,
        requested_slot=None,
        slots={"confirmation": True, "return_reason": "too big"},
        # Rasa sends the slots filled before the form started as candidates at activation.
        candidates={"order_id": "10023", "return_reason": "too big", "confirmation": True},
        token=token_for(RONI),
    )
    events, _ = await _run(tracker)
    assert events == [
        slot("order_id", "10023"),
        slot("return_reason", None),
        slot("confirmation", None),
    ]
