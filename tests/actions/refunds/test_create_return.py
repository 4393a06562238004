from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

from actions.errors import UNAVAILABLE
from actions.orders.messages import INVALID_NUMBER
from actions.refunds.create_return import ActionCreateReturn
from actions.refunds.messages import NOT_LOGGED_IN, RETURN_DECLINED
from actions.services import services
from icrm_models.db.schema import BehaviourEvent, OrderItem, OutboxMessage, Return
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.database import break_database
from tests.helpers.forms import form_turn
from tests.helpers.identity import token_for
from tests.helpers.paths import POLICIES_FILE
from tests.helpers.shop import AS_OF, shop_clock, shop_session
from tests.helpers.shop_changes import deliver

RONI, VERONICA, AHMED, JAN = 1, 2, 3, 5
ORDER = DEMO_ORDER_IDS["in_transit"]  # Roni's
RESET = [
    {"event": "slot", "timestamp": None, "name": name, "value": None}
    for name in ("order_id", "return_reason", "confirmation")
]


def _tracker(
    customer_id: int | None,
    order_id: object = ORDER,
    confirmation: bool | None = True,
    reason: str | None = "too small",
) -> Tracker:
    return form_turn(
        "yes" if confirmation else "no",
        "affirm" if confirmation else "deny",
        form="return_form",
        requested_slot=None,
        slots={
            "order_id": str(order_id),
            "return_reason": reason,
            "confirmation": confirmation,
        },
        token=token_for(customer_id) if customer_id else None,
    )


async def _run(tracker: Tracker) -> tuple[list[dict[str, Any]], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await ActionCreateReturn(clock=shop_clock).run(dispatcher, tracker, {})
    return events, [m["text"] for m in dispatcher.messages]


def _written() -> tuple[int, int, int]:
    with shop_session() as session:
        return (
            session.scalar(select(func.count(Return.id))) or 0,
            session.scalar(select(func.count(OutboxMessage.id))) or 0,
            session.scalar(select(func.count(BehaviourEvent.id))) or 0,
        )


def _deliver(order_id: int, days_ago: float) -> None:
    with shop_session() as session:
        deliver(session, order_id, AS_OF - timedelta(days=days_ago))


async def test_a_confirmed_return_is_registered_and_its_label_queued(shop_db: str) -> None:
    _deliver(ORDER, 3)
    with shop_session() as session:
        count = session.scalar(
            select(func.sum(OrderItem.quantity)).where(OrderItem.order_id == ORDER)
        )
        lines = session.scalar(select(func.count(OrderItem.id)).where(OrderItem.order_id == ORDER))
    assert count and lines
    before = _written()
    events, texts = await _run(_tracker(RONI))
    assert events == RESET
    items = f"{count} item{'s' if count != 1 else ''}"
    assert texts == [
        f"Done — I've registered the return of order 10023 ({items}) and queued the prepaid "
        "return label to your e-mail on file. Return shipping is free within the EU with the "
        "prepaid label; from elsewhere the customer pays return shipping. We refund to the "
        "original payment method, 5–10 business days after your return arrives."
    ]
    assert _written() == (before[0] + lines, before[1] + 1, before[2] + 1)
    with shop_session() as session:
        returns = session.scalars(select(Return).where(Return.order_id == ORDER)).all()
        mail = session.scalars(select(OutboxMessage)).one()
        event = session.scalars(
            select(BehaviourEvent).where(BehaviourEvent.event_type == "return_requested")
        ).one()
    assert {(r.status, r.reason, r.customer_id) for r in returns} == {
        ("requested", "too small", RONI)
    }
    assert (mail.recipient, mail.template, mail.status) == (
        "roni_cost@example.com",
        "return_label",
        "queued",
    )
    assert mail.conversation_id == event.conversation_id == "conv-test"


async def test_a_no_starts_nothing(shop_db: str) -> None:
    _deliver(ORDER, 3)
    before = _written()
    events, texts = await _run(_tracker(RONI, confirmation=False))
    assert (events, texts) == (RESET, [RETURN_DECLINED])
    assert _written() == before


@pytest.mark.parametrize(
    ("customer_id", "order_id", "expected"),
    [
        (
            RONI,
            ORDER,
            "Order 10023 hasn't been delivered yet, so it can't be returned yet. Once it has "
            "arrived, you have 30 days to send it back.",
        ),
        (
            VERONICA,
            DEMO_ORDER_IDS["processing"],
            "Order 10021 hasn't been delivered yet, so it can't be returned yet. Once it has "
            "arrived, you have 30 days to send it back. If you don't want it any more, I can "
            'cancel it instead — just say "cancel my order".',
        ),
        (
            JAN,
            DEMO_ORDER_IDS["cancelled"],
            "Order 10025 was cancelled, so there's nothing to send back.",
        ),
        (
            AHMED,
            DEMO_ORDER_IDS["delivered_return"],
            'A return for order 10022 is already registered. Ask me "where is my refund?" to '
            "see how it's going.",
        ),
    ],
)
async def test_why_an_order_cannot_be_returned(
    shop_db: str, customer_id: int, order_id: int, expected: str
) -> None:
    before = _written()
    # The form ends before the confirmation when the order can't be returned.
    events, texts = await _run(_tracker(customer_id, order_id, confirmation=None, reason=None))
    assert (events, texts) == (RESET, [expected])
    assert _written() == before


async def test_a_closed_window_is_explained_with_its_dates(shop_db: str) -> None:
    with shop_session() as session:
        deliver(session, ORDER, AS_OF.replace(hour=9) - timedelta(days=31))
    _, texts = await _run(_tracker(RONI, confirmation=None, reason=None))
    assert texts == [
        "Order 10023 was delivered on Fri 23 Oct 2026, so its 30-day return window closed on "
        "Sun 22 Nov 2026. I'm sorry, I can't start a return for it any more. If something is "
        'wrong with it, a colleague can take a look — just say "human".'
    ]


async def test_the_window_is_checked_again_when_the_yes_arrives(shop_db: str) -> None:
    _deliver(ORDER, 31)
    before = _written()
    _, texts = await _run(_tracker(RONI))
    assert texts[0].startswith("Order 10023 was delivered on")
    assert _written() == before


async def test_the_window_comes_from_the_policies_file(
    shop_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = yaml.safe_load(POLICIES_FILE.read_text(encoding="utf-8"))
    raw["refund"]["window_days"] = 2
    custom = tmp_path / "policies.yml"
    custom.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("ICRM_POLICIES_PATH", str(custom))
    services.cache_clear()
    _deliver(ORDER, 3)
    _, texts = await _run(_tracker(RONI))
    assert texts[0].startswith("Order 10023 was delivered on")
    assert "its 2-day return window closed" in texts[0]


async def test_someone_elses_order_gets_the_same_answer_as_a_missing_one(shop_db: str) -> None:
    _deliver(ORDER, 3)
    before = _written()
    _, other = await _run(_tracker(VERONICA, ORDER))
    _, missing = await _run(_tracker(VERONICA, 99999))
    not_found = (
        "I couldn't find order {} in your account, so I can't start a return for it. Please "
        "check the number — it's in your order confirmation e-mail."
    )
    assert other == [not_found.format(10023)]
    assert missing == [not_found.format(99999)]
    assert _written() == before


@pytest.mark.parametrize("token", [None, "forged.token", token_for(RONI) + "x"])
async def test_without_a_valid_identity_nothing_is_revealed_or_written(
    shop_db: str, token: str | None
) -> None:
    _deliver(ORDER, 3)
    before = _written()
    tracker = _tracker(None)
    if token:
        state = tracker.current_state()
        state["events"][-1]["metadata"] = {"identity_token": token}
        tracker = Tracker.from_dict(state)
    events, texts = await _run(tracker)
    assert (events, texts) == (RESET, [NOT_LOGGED_IN])
    assert _written() == before


async def test_a_strange_order_slot_gets_a_polite_answer(shop_db: str) -> None:
    _, texts = await _run(_tracker(RONI, order_id="10023' OR 1=1 --"))
    assert texts == [INVALID_NUMBER]


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.refunds.create_return", "insert")
    _deliver(ORDER, 3)
    events, texts = await _run(_tracker(RONI))
    assert (events, texts) == ([], [UNAVAILABLE])
