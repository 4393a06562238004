"""``action_cancel_order`` and its fee question: real changes, policies' fees, nothing leaked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from actions.errors import UNAVAILABLE
from actions.orders.cancel import ActionCancelOrder
from actions.orders.cancel_question import ActionAskCancelOrderFormConfirmation
from actions.orders.messages import LEFT_AS_IS, NOT_FOUND, NOT_LOGGED_IN
from actions.services import services
from icrm_models.db.schema import BehaviourEvent, Order, OutboxMessage, Refund
from tests.helpers.database import break_database
from tests.helpers.identity import token_for
from tests.helpers.runs import run_action
from tests.helpers.shop import AS_OF, shop_session
from tests.helpers.trackers import SENDER, build_tracker

RESET = [
    {"event": "slot", "timestamp": None, "name": "order_id", "value": None},
    {"event": "slot", "timestamp": None, "name": "confirmation", "value": None},
]
SHIPPED_HINT = (
    "Once an order has shipped it can't be cancelled any more — you can return it within 30 "
    "days instead, free of charge within the EU."
)


def _tracker(order_id: str, confirmation: bool | None, token: str | None) -> Any:
    return build_tracker(
        "yes" if confirmation else "no",
        "affirm" if confirmation else "deny",
        slots={"order_id": order_id, "confirmation": confirmation},
        token=token,
        sender_id=SENDER,
    )


async def _cancel(order_id: str, confirmation: bool | None, token: str | None) -> Any:
    return await run_action(
        ActionCancelOrder(clock=lambda: AS_OF), _tracker(order_id, confirmation, token)
    )


def _snapshot(url: str, order_id: int) -> tuple[Any, ...]:
    with shop_session(url) as session:
        order = session.get(Order, order_id)
        assert order is not None
        return (
            order.status,
            order.cancelled_at,
            session.query(Refund).filter(Refund.order_id == order_id).count(),
            session.query(OutboxMessage).count(),
            session.query(BehaviourEvent).filter_by(event_type="order_cancelled").count(),
        )


def _set_status(url: str, order_id: int, status: str) -> None:
    with shop_session(url) as session:
        session.get(Order, order_id).status = status  # type: ignore[union-attr]
        session.commit()


async def test_a_confirmed_cancellation_changes_the_order_and_records_everything(
    shop_db: str,
) -> None:
    events, texts = await _cancel("10021", True, token_for(2))
    assert events == RESET
    assert texts == [
        "Done — order 10021 is cancelled, with a 5.00 EUR handling fee. 37.00 EUR goes back to "
        "the original payment method. A confirmation e-mail is on its way."
    ]
    with shop_session(shop_db) as session:
        order = session.get(Order, 10021)
        assert order is not None
        assert (order.status, order.cancelled_at) == ("cancelled", AS_OF)
        refund = session.execute(select(Refund).where(Refund.order_id == 10021)).scalar_one()
        assert (refund.amount, refund.status, refund.return_id) == (
            Decimal("37.00"),
            "pending",
            None,
        )
        mail = session.execute(select(OutboxMessage)).scalar_one()
        assert (mail.channel, mail.recipient, mail.template, mail.status) == (
            "email",
            "veronica.costello@example.com",
            "order_cancelled",
            "queued",
        )
        assert mail.customer_id == 2 and mail.conversation_id == SENDER
        assert "order 10021 has been cancelled" in mail.body and "5.00 EUR" in mail.body
        event = session.execute(
            select(BehaviourEvent).where(BehaviourEvent.event_type == "order_cancelled")
        ).scalar_one()
        assert (event.customer_id, event.conversation_id, event.occurred_at) == (
            2,
            SENDER,
            AS_OF,
        )
        assert event.properties == {
            "order_id": 10021,
            "previous_status": "processing",
            "fee": "5.00",
            "refund": "37.00",
            "currency": "EUR",
            "source": "chat",
        }


async def test_a_pending_order_is_cancelled_free_of_charge(shop_db: str) -> None:
    _set_status(shop_db, 10021, "pending")
    _, texts = await _cancel("10021", True, token_for(2))
    assert texts == [
        "Done — order 10021 is cancelled, free of charge. 42.00 EUR goes back to the original "
        "payment method. A confirmation e-mail is on its way."
    ]
    with shop_session(shop_db) as session:
        refund = session.execute(select(Refund).where(Refund.order_id == 10021)).scalar_one()
        assert refund.amount == Decimal("42.00")


async def test_no_leaves_the_order_as_it_is(shop_db: str) -> None:
    before = _snapshot(shop_db, 10021)
    assert await _cancel("10021", False, token_for(2)) == (RESET, [LEFT_AS_IS])
    assert _snapshot(shop_db, 10021) == before


async def test_someone_elses_order_gets_the_same_answer_as_a_missing_one(shop_db: str) -> None:
    before = _snapshot(shop_db, 10021)
    assert await _cancel("10021", True, token_for(1)) == (
        RESET,
        [NOT_FOUND.format(order_id=10021)],
    )
    assert await _cancel("99999", True, token_for(1)) == (
        RESET,
        [NOT_FOUND.format(order_id=99999)],
    )
    assert _snapshot(shop_db, 10021) == before


@pytest.mark.parametrize("token", [None, "forged.token", token_for(2) + "x"])
async def test_without_a_valid_identity_nothing_changes(shop_db: str, token: str | None) -> None:
    before = _snapshot(shop_db, 10021)
    assert await _cancel("10021", True, token) == (RESET, [NOT_LOGGED_IN])
    assert _snapshot(shop_db, 10021) == before


async def test_a_shipped_order_is_explained_with_the_returns_hint(shop_db: str) -> None:
    before = _snapshot(shop_db, 10023)
    assert await _cancel("10023", None, token_for(1)) == (
        RESET,
        [f"Order 10023 has already shipped. {SHIPPED_HINT}"],
    )
    assert _snapshot(shop_db, 10023) == before


async def test_an_order_shipped_after_the_yes_is_not_cancelled(shop_db: str) -> None:
    _set_status(shop_db, 10021, "shipped")
    before = _snapshot(shop_db, 10021)
    _, texts = await _cancel("10021", True, token_for(2))
    assert texts == [f"Order 10021 has already shipped. {SHIPPED_HINT}"]
    assert _snapshot(shop_db, 10021) == before


async def test_delivered_and_already_cancelled_orders(shop_db: str) -> None:
    _, delivered = await _cancel("10003", None, token_for(1))
    _, cancelled = await _cancel("10025", True, token_for(5))
    assert delivered == [f"Order 10003 has already been delivered. {SHIPPED_HINT}"]
    assert cancelled == ["Order 10025 is already cancelled — nothing more to do."]


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.orders.cancel", "update")
    before = _snapshot(shop_db, 10021)
    assert await _cancel("10021", True, token_for(2)) == ([], [UNAVAILABLE])
    assert _snapshot(shop_db, 10021) == before


# -- the question ------------------------------------------------------------------------------


async def _ask(order_id: str | None, token: str | None) -> Any:
    tracker = build_tracker(
        "cancel it",
        "cancel_order",
        slots={"order_id": order_id},
        token=token,
        active_loop="cancel_order_form",
    )
    return await run_action(ActionAskCancelOrderFormConfirmation(), tracker)


async def test_the_question_states_the_fee_for_the_status(shop_db: str) -> None:
    assert await _ask("10021", token_for(2)) == (
        [],
        [
            "Cancelling order 10021 costs a 5.00 EUR handling fee, as it's being prepared "
            "already. Shall I cancel it?"
        ],
    )
    _set_status(shop_db, 10021, "pending")
    assert await _ask("10021", token_for(2)) == (
        [],
        ["Cancelling order 10021 is free of charge right now. Shall I cancel it?"],
    )


async def test_the_fee_comes_from_the_policies_file(
    shop_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = Path(services().settings.policies_path)
    policies = yaml.safe_load(source.read_text(encoding="utf-8"))
    policies["cancellation"]["fees"]["processing"] = 7.5
    changed = tmp_path / "policies.yml"
    changed.write_text(yaml.safe_dump(policies, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("ICRM_POLICIES_PATH", str(changed))
    services.cache_clear()
    _, texts = await _ask("10021", token_for(2))
    assert "a 7.50 EUR handling fee" in texts[0]
    _, done = await _cancel("10021", True, token_for(2))
    assert done[0].startswith("Done — order 10021 is cancelled, with a 7.50 EUR handling fee.")
    assert "34.50 EUR goes back" in done[0]


async def test_the_question_reveals_no_fee_for_someone_elses_order(shop_db: str) -> None:
    assert await _ask("10021", token_for(1)) == ([], ["Shall I cancel order 10021?"])
    assert await _ask("10021", None) == ([], ["Shall I cancel order 10021?"])
    assert await _ask(None, token_for(2)) == ([], ["Shall I cancel the order?"])
