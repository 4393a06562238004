"""``action_ask_order_id`` and ``action_list_recent_orders``: the customer's latest orders."""

from __future__ import annotations

import pytest

from actions.orders.ask_order_id import ActionAskOrderId
from actions.orders.messages import NO_ORDERS, NOT_LOGGED_IN
from actions.orders.recent import ActionListRecentOrders
from icrm_models.db.schema import Customer, Order
from tests.helpers.database import break_database
from tests.helpers.identity import token_for
from tests.helpers.runs import run_action
from tests.helpers.shop import shop_session
from tests.helpers.trackers import build_tracker

RONI_LATEST = (
    "10023 from 21 Nov 2026 (on its way), 10003 from 11 Feb 2026 (delivered), "
    "10002 from 29 Oct 2025 (delivered)"
)


def _asking(form: str, token: str | None) -> object:
    return build_tracker("cancel my order", "cancel_order", token=token, active_loop=form)


@pytest.mark.parametrize(
    ("form", "question"),
    [
        ("cancel_order_form", "Which order would you like to cancel?"),
        ("change_order_form", "Which order would you like to change?"),
        ("address_change_form", "Which order should go to a new address?"),
        ("order_lookup_form", "Which order is it?"),
    ],
)
async def test_a_verified_customer_picks_from_their_three_latest_orders(
    shop_db: str, form: str, question: str
) -> None:
    events, texts = await run_action(ActionAskOrderId(), _asking(form, token_for(1)))
    assert events == []
    assert texts == [f"{question} Your latest orders: {RONI_LATEST}. Just type the number."]


async def test_the_list_shows_only_the_customers_own_orders(shop_db: str) -> None:
    _, texts = await run_action(ActionAskOrderId(), _asking("cancel_order_form", token_for(2)))
    assert texts == [
        "Which order would you like to cancel? Your latest orders: 10021 from 23 Nov 2026 "
        "(being prepared), 10041 from 07 Nov 2026 (delivered), 10040 from 22 Oct 2026 "
        "(delivered). Just type the number."
    ]


@pytest.mark.parametrize("token", [None, "forged.token"])
async def test_without_identity_the_plain_question_reveals_nothing(
    shop_db: str, token: str | None
) -> None:
    events, texts = await run_action(ActionAskOrderId(), _asking("cancel_order_form", token))
    assert (events, texts) == ([], ["<utter_ask_order_id>"])


async def test_a_customer_without_orders_is_asked_to_type_the_number(shop_db: str) -> None:
    with shop_session(shop_db) as session:
        session.query(Order).filter(Order.customer_id == 1).update({"customer_id": None})
        session.commit()
    _, texts = await run_action(ActionAskOrderId(), _asking("cancel_order_form", token_for(1)))
    assert texts == [
        "Which order would you like to cancel? Please type the order number — it's in your "
        "order confirmation e-mail."
    ]


async def test_an_erased_account_lists_nothing(shop_db: str) -> None:
    from tests.helpers.shop import AS_OF

    with shop_session(shop_db) as session:
        session.get(Customer, 1).deleted_at = AS_OF  # type: ignore[union-attr]
        session.commit()
    _, texts = await run_action(ActionAskOrderId(), _asking("cancel_order_form", token_for(1)))
    assert "10023" not in texts[0]


async def test_a_database_failure_still_asks_the_question(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.orders.ask_order_id")
    events, texts = await run_action(ActionAskOrderId(), _asking("cancel_order_form", token_for(1)))
    assert (events, texts) == ([], ["<utter_ask_order_id>"])


async def test_listing_recent_orders(shop_db: str) -> None:
    tracker = build_tracker("show my orders", None, token=token_for(1))
    events, texts = await run_action(ActionListRecentOrders(), tracker)
    assert events == []
    assert texts[0].startswith(f"Your latest orders: {RONI_LATEST}, 10001 from 27 Oct 2025")


async def test_listing_needs_a_verified_customer(shop_db: str) -> None:
    tracker = build_tracker("show my orders", None)
    assert await run_action(ActionListRecentOrders(), tracker) == ([], [NOT_LOGGED_IN])


async def test_listing_when_there_are_no_orders(shop_db: str) -> None:
    with shop_session(shop_db) as session:
        session.query(Order).filter(Order.customer_id == 1).update({"customer_id": None})
        session.commit()
    tracker = build_tracker("show my orders", None, token=token_for(1))
    assert await run_action(ActionListRecentOrders(), tracker) == ([], [NO_ORDERS])


async def test_listing_survives_a_database_failure(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from actions.errors import UNAVAILABLE

    break_database(monkeypatch, "actions.orders.recent")
    tracker = build_tracker("show my orders", None, token=token_for(1))
    assert await run_action(ActionListRecentOrders(), tracker) == ([], [UNAVAILABLE])
