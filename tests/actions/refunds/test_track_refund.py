from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.errors import UNAVAILABLE
from actions.orders.messages import INVALID_NUMBER
from actions.refunds.messages import CASES_HEADER, NO_CASES, NOT_LOGGED_IN
from actions.refunds.track import ActionTrackRefund
from icrm_models.db.schema import Refund, Return
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.database import break_database
from tests.helpers.identity import proof_for, token_for
from tests.helpers.shop import shop_session
from tests.helpers.trackers import build_tracker, entity, user_event

RONI, VERONICA, AHMED = 1, 2, 3
AHMEDS_RETURN = DEMO_ORDER_IDS["delivered_return"]
RESET = [{"event": "slot", "timestamp": None, "name": "order_id", "value": None}]
NO_CASE = "I couldn't find a return or refund for order {} in your account."


def _asked(customer_id: int | None, order_id: str | None = None) -> Tracker:
    entities = [entity("order_id", order_id)] if order_id else []
    return build_tracker(
        f"where is my refund {order_id or ''}".strip(),
        "track_refund",
        entities,
        token=token_for(customer_id) if customer_id else None,
    )


async def _run(tracker: Tracker) -> tuple[list[dict[str, Any]], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await ActionTrackRefund().run(dispatcher, tracker, {})
    return events, [m["text"] for m in dispatcher.messages]


async def test_a_return_that_arrived_and_its_refund_on_the_way(shop_db: str) -> None:
    with shop_session() as session:
        ret = session.scalars(select(Return).where(Return.order_id == AHMEDS_RETURN)).one()
        refund = session.scalars(select(Refund).where(Refund.order_id == AHMEDS_RETURN)).one()
    assert ret.received_at is not None
    events, texts = await _run(_asked(AHMED))
    assert events == RESET
    assert texts == [
        f"Order 10022: your return arrived on {ret.received_at:%a %d %b %Y}; the refund of "
        f"{refund.amount:.2f} EUR is being processed to the original payment method — expect it "
        "5–10 business days after your return arrives."
    ]


async def test_several_refunds_are_listed_newest_first(shop_db: str) -> None:
    with shop_session() as session:
        paid = session.execute(
            select(Refund.order_id, Refund.amount, Refund.paid_at)
            .join(Return, Return.id == Refund.return_id)
            .where(Return.customer_id == VERONICA)
            .order_by(Refund.paid_at.desc())
        ).all()
    assert len(paid) >= 2
    _, texts = await _run(_asked(VERONICA))
    assert texts == [
        "\n".join(
            [CASES_HEADER]
            + [
                f"• Order {order_id}: your refund of {amount:.2f} EUR was paid to the original "
                f"payment method on {paid_at:%a %d %b %Y}."
                for order_id, amount, paid_at in paid[:3]
            ]
        )
    ]


async def test_no_returns_or_refunds(shop_db: str) -> None:
    assert await _run(_asked(RONI)) == (RESET, [NO_CASES])


async def test_a_named_order_only_and_someone_elses_looks_like_a_missing_one(shop_db: str) -> None:
    _, own = await _run(_asked(AHMED, "#10022"))
    _, other = await _run(_asked(VERONICA, "10022"))
    _, missing = await _run(_asked(VERONICA, "99999"))
    assert own[0].startswith("Order 10022: your return arrived on")
    assert other == [NO_CASE.format(10022)]
    assert missing == [NO_CASE.format(99999)]


async def test_a_guest_sees_the_cases_of_the_order_they_proved_only(shop_db: str) -> None:
    """Verified in the chat with one of her order numbers: that order's refunds, no others."""
    tracker = build_tracker(
        "10021",
        "inform",
        [entity("order_id", "10021")],
        slots={"verified_customer_id": proof_for(VERONICA, 10021), "order_id": "10021"},
        earlier=[user_event("has my refund come through?", "track_refund")],
    )
    _, texts = await _run(tracker)
    assert texts == [NO_CASE.format(10021)]
    logged_in = build_tracker(
        "has my refund come through?", "track_refund", token=token_for(VERONICA)
    )
    _, texts = await _run(logged_in)
    assert texts[0].startswith(CASES_HEADER)


async def test_the_order_named_in_the_request_counts_after_verification(shop_db: str) -> None:
    tracker = build_tracker(
        "10022",
        "inform",
        [entity("order_id", "10022")],
        slots={"verified_customer_id": proof_for(VERONICA)},
        earlier=[user_event("refund for 10040?", "track_refund", [entity("order_id", "10040")])],
    )
    _, texts = await _run(tracker)
    assert texts == [NO_CASE.format(10040)]


@pytest.mark.parametrize("token", [None, "forged.token", token_for(AHMED) + "x"])
async def test_without_a_valid_identity_nothing_is_revealed(
    shop_db: str, token: str | None
) -> None:
    tracker = build_tracker("where is my refund", "track_refund", token=token)
    assert await _run(tracker) == (RESET, [NOT_LOGGED_IN])


@pytest.mark.parametrize("value", ["10022' OR 1=1 --", "x" * 10_000, "🙂", "\x00"])
async def test_strange_order_numbers_get_a_polite_answer(shop_db: str, value: str) -> None:
    _, texts = await _run(_asked(AHMED, value))
    assert texts == [INVALID_NUMBER]


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.refunds.track")
    assert await _run(_asked(AHMED)) == ([], [UNAVAILABLE])
