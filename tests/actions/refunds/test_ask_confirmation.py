from datetime import timedelta

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

from actions.errors import UNAVAILABLE
from actions.refunds.ask_confirmation import ActionAskReturnConfirmation
from icrm_models.db.schema import OrderItem, Product
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.database import break_database
from tests.helpers.forms import form_turn
from tests.helpers.identity import token_for
from tests.helpers.shop import AS_OF, shop_clock, shop_session
from tests.helpers.shop_changes import deliver

RONI = 1
ORDER = DEMO_ORDER_IDS["in_transit"]


async def _ask(token: str | None, order_id: str = str(ORDER)) -> list[str]:
    tracker = form_turn(
        "too small",
        "inform",
        form="return_form",
        requested_slot="return_reason",
        slots={"order_id": order_id, "return_reason": "too small"},
        token=token,
    )
    dispatcher = CollectingDispatcher()
    events = await ActionAskReturnConfirmation(clock=shop_clock).run(dispatcher, tracker, {})
    assert events == []
    return [m["text"] for m in dispatcher.messages]


async def test_the_question_states_the_window_and_the_condition(shop_db: str) -> None:
    with shop_session() as session:
        deliver(session, ORDER, AS_OF.replace(hour=9) - timedelta(days=3))
        count, first = session.execute(
            select(func.sum(OrderItem.quantity), func.min(Product.name))
            .join(Product, Product.id == OrderItem.product_id)
            .where(OrderItem.order_id == ORDER)
        ).one()
    items = f"{count} item{'s' if count != 1 else ''}, incl. {first}"
    assert await _ask(token_for(RONI)) == [
        f"Order 10023 ({items}) was delivered on Fri 20 Nov 2026, so you can return it until "
        "Sun 20 Dec 2026. The items must be unworn and unwashed, with the original tags — "
        "shall I start the return?"
    ]


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        (None, "Shall I start the return?"),
        (token_for(2), "Shall I start the return for order 10023?"),  # not Veronica's order
    ],
)
async def test_without_the_owner_s_identity_nothing_about_the_order_is_said(
    shop_db: str, token: str | None, expected: str
) -> None:
    with shop_session() as session:
        deliver(session, ORDER, AS_OF - timedelta(days=3))
    assert await _ask(token) == [expected]


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.refunds.return_check")
    assert await _ask(token_for(RONI)) == [UNAVAILABLE]
