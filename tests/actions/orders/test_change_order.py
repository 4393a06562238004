"""``change_order_form`` and ``action_change_order``: a ticket before shipment, a return after."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from actions.errors import UNAVAILABLE
from actions.orders.change import ActionChangeOrder
from actions.orders.change_form import ValidateChangeOrderForm
from actions.orders.messages import INVALID_CHANGE_REQUEST, NOT_FOUND, NOT_LOGGED_IN
from icrm_models.db.schema import Order, SupportTicket
from tests.helpers.database import break_database
from tests.helpers.forms import form_turn
from tests.helpers.identity import token_for
from tests.helpers.runs import run_action, slot_values
from tests.helpers.shop import AS_OF, shop_session
from tests.helpers.trackers import SENDER, build_tracker, entity

FORM = "change_order_form"
RESET = [
    {"event": "slot", "timestamp": None, "name": "order_id", "value": None},
    {"event": "slot", "timestamp": None, "name": "change_request", "value": None},
]


def _tickets(url: str) -> list[tuple[Any, ...]]:
    with shop_session(url) as session:
        rows = session.execute(
            select(SupportTicket).where(SupportTicket.category == "order_change")
        ).scalars()
        return [
            (t.customer_id, t.order_id, t.priority, t.status, t.summary, t.conversation_id)
            for t in rows
        ]


async def _change(order_id: str, request: str | None, token: str | None) -> Any:
    tracker = build_tracker(
        request or "change it",
        "inform",
        slots={"order_id": order_id, "change_request": request},
        token=token,
        sender_id=SENDER,
    )
    return await run_action(ActionChangeOrder(clock=lambda: AS_OF), tracker)


async def test_a_change_before_shipment_becomes_a_ticket(shop_db: str) -> None:
    events, texts = await _change("10021", "size M instead of L", token_for(2))
    tickets = _tickets(shop_db)
    assert tickets == [
        (
            2,
            10021,
            "normal",
            "open",
            "Change request for order 10021 (from the chat): size M instead of L",
            SENDER,
        )
    ]
    with shop_session(shop_db) as session:
        ticket_id = session.execute(
            select(SupportTicket.id).where(SupportTicket.category == "order_change")
        ).scalar_one()
        created = session.get(SupportTicket, ticket_id).created_at  # type: ignore[union-attr]
    assert created == AS_OF
    assert events == RESET
    assert texts == [
        f"Thanks — I've passed your change for order 10021 to a colleague (ticket {ticket_id}). "
        "They'll adjust the order before it ships and confirm by e-mail."
    ]


async def test_a_shipped_order_cant_be_changed(shop_db: str) -> None:
    expected = [
        "Order 10023 has already shipped, so it can't be changed any more. You can return what "
        "doesn't suit you within 30 days and order again."
    ]
    assert await _change("10023", "size M instead of L", token_for(1)) == (RESET, expected)
    assert await _change("10023", None, token_for(1)) == (RESET, expected)
    assert _tickets(shop_db) == []


async def test_a_cancelled_order_has_nothing_to_change(shop_db: str) -> None:
    assert await _change("10025", "size M", token_for(5)) == (
        RESET,
        ["Order 10025 is cancelled, so there's nothing to change any more."],
    )


async def test_someone_elses_order_gets_the_same_answer_as_a_missing_one(shop_db: str) -> None:
    assert await _change("10021", "size M", token_for(1)) == (
        RESET,
        [NOT_FOUND.format(order_id=10021)],
    )
    assert await _change("99999", "size M", token_for(1)) == (
        RESET,
        [NOT_FOUND.format(order_id=99999)],
    )
    assert _tickets(shop_db) == []


async def test_without_identity_nothing_is_recorded(shop_db: str) -> None:
    assert await _change("10021", "size M", None) == (RESET, [NOT_LOGGED_IN])
    assert _tickets(shop_db) == []


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.orders.change", "insert")
    assert await _change("10021", "size M", token_for(2)) == ([], [UNAVAILABLE])
    assert _tickets(shop_db) == []


async def test_sql_in_the_request_is_stored_as_text(shop_db: str) -> None:
    request = "size M'); DROP TABLE orders; --"
    _, texts = await _change("10021", request, token_for(2))
    assert texts[0].startswith("Thanks — I've passed your change for order 10021")
    assert _tickets(shop_db)[0][4].endswith(request)
    with shop_session(shop_db) as session:
        assert session.get(Order, 10021) is not None


# -- the form ----------------------------------------------------------------------------------


async def _validate(
    text: str,
    *,
    requested: str | None,
    before: dict[str, Any] | None = None,
    mentioned: str | None = None,
    token: str | None = None,
    intent: str = "inform",
) -> Any:
    candidates: dict[str, Any] = {"order_id": mentioned} if mentioned else {}
    if requested == "change_request":
        candidates["change_request"] = text  # from_text while the form asks for it
    tracker = form_turn(
        text,
        intent,
        [entity("order_id", mentioned, text)] if mentioned else [],
        form=FORM,
        requested_slot=requested,
        slots=before,
        candidates=candidates,
        token=token,
    )
    events, texts = await run_action(ValidateChangeOrderForm(), tracker)
    return slot_values(events), texts


async def test_the_request_is_tidied(shop_db: str) -> None:
    assert await _validate(
        "  size   M\x00 instead of L \u202e",
        requested="change_request",
        before={"order_id": "10021"},
        token=token_for(2),
    ) == ([("change_request", "size M instead of L")], [])


@pytest.mark.parametrize("text", ["🙂", "   ", "1", "x" * 10_000])
async def test_a_request_without_words_is_asked_again(shop_db: str, text: str) -> None:
    assert await _validate(
        text, requested="change_request", before={"order_id": "10021"}, token=token_for(2)
    ) == ([("change_request", None)], [INVALID_CHANGE_REQUEST])


async def test_a_shipped_order_ends_the_form_before_asking_what_to_change(shop_db: str) -> None:
    assert await _validate(
        "change order 10023",
        requested=None,
        mentioned="10023",
        token=token_for(1),
        intent="change_order",
    ) == ([("order_id", "10023"), ("requested_slot", None)], [])


async def test_a_new_order_number_instead_of_the_change_is_a_correction(shop_db: str) -> None:
    with shop_session(shop_db) as session:
        session.get(Order, 10041).status = "processing"  # type: ignore[union-attr]
        session.commit()
    assert await _validate(
        "sorry, wrong one, it's 10041",
        requested="change_request",
        before={"order_id": "10021"},
        mentioned="10041",
        token=token_for(2),
    ) == ([("order_id", "10041"), ("change_request", None)], [])


async def test_someone_elses_order_in_the_form(shop_db: str) -> None:
    assert await _validate(
        "change order 10021",
        requested=None,
        mentioned="10021",
        token=token_for(1),
        intent="change_order",
    ) == ([("order_id", None)], [NOT_FOUND.format(order_id=10021)])
