"""A guest proven in the chat sees and acts on the order they proved only; the logged-in, on all.

Every other order of the same customer must get exactly the answer someone else's order gets.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.billing.check_invoice import ActionCheckInvoice
from actions.billing.get_invoice import ActionGetInvoice
from actions.order_scope import personal_customer_id
from actions.orders.ask_order_id import ActionAskOrderId
from actions.orders.cancel import ActionCancelOrder
from actions.orders.cancel_form import ValidateCancelOrderForm
from actions.orders.messages import NOT_FOUND
from actions.orders.recent import GUEST_ONE_ORDER, ActionListRecentOrders
from actions.orders.track import ActionTrackOrder
from actions.refunds.create_return import ActionCreateReturn
from actions.refunds.track import ActionTrackRefund
from actions.services import services
from icrm_models.db.schema import Invoice, Order, OutboxMessage
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.domain import bot_domain
from tests.helpers.forms import form_turn
from tests.helpers.identity import proof_for, token_for
from tests.helpers.shop import AS_OF
from tests.helpers.trackers import build_tracker, entity

RONI, VERONICA, AHMED = 1, 2, 3
RONIS = DEMO_ORDER_IDS["in_transit"]
VERONICAS = DEMO_ORDER_IDS["processing"]  # not shipped: can be cancelled
AHMEDS_RETURN = DEMO_ORDER_IDS["delivered_return"]


def _other_order(customer_id: int, besides: int, *, invoiced: bool = False) -> int:
    """Another order of ``customer_id`` (with an invoice when asked)."""
    with services().sessions() as session:
        query = select(Order.id).where(Order.customer_id == customer_id, Order.id != besides)
        if invoiced:
            query = query.join(Invoice, Invoice.order_id == Order.id)
        found = session.scalars(query.order_by(Order.id.desc())).first()
    assert found is not None
    return found


def _as(customer_id: int, *, proved: int | None, stranger: int | None = None) -> dict[str, Any]:
    """build_tracker arguments for a guest who proved ``proved``, or the logged-in customer."""
    if stranger is not None:
        return {"token": token_for(stranger)}
    if proved is None:
        return {"token": token_for(customer_id)}
    return {"slots": {"verified_customer_id": proof_for(customer_id, proved)}}


async def _texts(action: Action, tracker: Tracker) -> list[str]:
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, bot_domain())
    return [m.get("text") or f"<{m.get('response')}>" for m in dispatcher.messages]


def _order_request(order_id: int, who: dict[str, Any], **slots: Any) -> Tracker:
    extra = who.get("slots", {})
    return build_tracker(
        "yes",
        "affirm",
        slots={"order_id": str(order_id), **slots, **extra},
        token=who.get("token"),
    )


async def test_a_guest_tracks_the_proved_order_but_not_another_of_theirs(shop_db: str) -> None:
    other = _other_order(RONI, RONIS)
    guest = _as(RONI, proved=RONIS)
    proved = await _texts(ActionTrackOrder(), _order_request(RONIS, guest))
    assert proved[0].startswith(f"Order {RONIS}")
    hidden = await _texts(ActionTrackOrder(), _order_request(other, guest))
    strangers = await _texts(
        ActionTrackOrder(), _order_request(other, _as(RONI, proved=None, stranger=VERONICA))
    )
    assert hidden == strangers == [NOT_FOUND.format(order_id=other)]
    logged_in = await _texts(ActionTrackOrder(), _order_request(other, _as(RONI, proved=None)))
    assert logged_in[0].startswith(f"Order {other}")


async def test_a_guest_who_proved_one_order_cannot_cancel_another(shop_db: str) -> None:
    other = _other_order(VERONICA, VERONICAS)
    guest = _as(VERONICA, proved=other)  # proved another order, asks to cancel 10021
    before = _status(VERONICAS)
    texts = await _texts(
        ActionCancelOrder(clock=lambda: AS_OF), _order_request(VERONICAS, guest, confirmation=True)
    )
    assert texts == [NOT_FOUND.format(order_id=VERONICAS)]
    assert _status(VERONICAS) == before
    proved = _as(VERONICA, proved=VERONICAS)
    texts = await _texts(
        ActionCancelOrder(clock=lambda: AS_OF), _order_request(VERONICAS, proved, confirmation=True)
    )
    assert _status(VERONICAS) == "cancelled" and "cancelled" in texts[0]


async def test_the_cancel_form_treats_another_order_like_a_stranger_s(shop_db: str) -> None:
    other = _other_order(VERONICA, VERONICAS)
    turn = form_turn(
        f"order {other}",
        "inform",
        [entity("order_id", str(other))],
        form="cancel_order_form",
        requested_slot="order_id",
        slots={"verified_customer_id": proof_for(VERONICA, VERONICAS)},
        candidates={"order_id": str(other)},
    )
    texts = await _texts(ValidateCancelOrderForm(), turn)
    assert texts == [NOT_FOUND.format(order_id=other)]


async def test_a_guest_s_return_and_refunds_are_those_of_the_proved_order(shop_db: str) -> None:
    other = _other_order(AHMED, AHMEDS_RETURN)
    request = build_tracker(
        "where is my refund", "track_refund", slots=_as(AHMED, proved=other)["slots"]
    )
    assert await _texts(ActionTrackRefund(), request) == [
        f"I couldn't find a return or refund for order {other} in your account."
    ]
    proved = build_tracker(
        "where is my refund", "track_refund", slots=_as(AHMED, proved=AHMEDS_RETURN)["slots"]
    )
    assert (await _texts(ActionTrackRefund(), proved))[0].startswith(f"Order {AHMEDS_RETURN}")
    named = build_tracker(
        f"refund for {AHMEDS_RETURN}?",
        "track_refund",
        [entity("order_id", str(AHMEDS_RETURN))],
        slots=_as(AHMED, proved=other)["slots"],
    )
    stranger = build_tracker(
        f"refund for {AHMEDS_RETURN}?",
        "track_refund",
        [entity("order_id", str(AHMEDS_RETURN))],
        token=token_for(VERONICA),
    )
    assert await _texts(ActionTrackRefund(), named) == await _texts(ActionTrackRefund(), stranger)
    returning = _order_request(AHMEDS_RETURN, _as(AHMED, proved=other), return_reason="too big")
    assert await _texts(ActionCreateReturn(clock=lambda: AS_OF), returning) == await _texts(
        ActionCreateReturn(clock=lambda: AS_OF),
        _order_request(AHMEDS_RETURN, _as(AHMED, proved=None, stranger=VERONICA)),
    )


async def test_a_guest_s_invoice_is_the_proved_order_s(shop_db: str) -> None:
    other = _other_order(RONI, RONIS, invoiced=True)
    with services().sessions() as session:
        number = session.scalars(select(Invoice.number).where(Invoice.order_id == other)).first()
    assert number is not None
    guest = {"verified_customer_id": proof_for(RONI, RONIS)}
    latest = await _texts(
        ActionCheckInvoice(), build_tracker("my invoice", "check_invoice", slots=guest)
    )
    assert latest[0].startswith("Invoice INV-010023 for order 10023")
    by_number = build_tracker(
        f"invoice {number}", "check_invoice", [entity("invoice_id", number)], slots=guest
    )
    stranger = build_tracker(
        f"invoice {number}",
        "check_invoice",
        [entity("invoice_id", number)],
        token=token_for(VERONICA),
    )
    assert await _texts(ActionCheckInvoice(), by_number) == await _texts(
        ActionCheckInvoice(), stranger
    )
    copy = build_tracker(
        f"send invoice {number}", "get_invoice", [entity("invoice_id", number)], slots=guest
    )
    assert (await _texts(ActionGetInvoice(clock=lambda: AS_OF), copy))[0].startswith(
        f"I couldn't find invoice {number}"
    )
    with services().sessions() as session:
        assert session.scalars(select(OutboxMessage)).all() == []


async def test_a_guest_sees_no_order_list_and_no_purchase_based_offers(shop_db: str) -> None:
    guest = build_tracker(
        "my orders", "list_orders", slots={"verified_customer_id": proof_for(RONI, RONIS)}
    )
    assert await _texts(ActionListRecentOrders(), guest) == [GUEST_ONE_ORDER.format(order_id=RONIS)]
    assert await _texts(ActionAskOrderId(), guest) == ["<utter_ask_order_id>"]
    assert personal_customer_id(guest) is None
    logged_in = build_tracker("my orders", "list_orders", token=token_for(RONI))
    assert personal_customer_id(logged_in) == RONI
    assert (await _texts(ActionListRecentOrders(), logged_in))[0] != GUEST_ONE_ORDER.format(
        order_id=RONIS
    )


def _status(order_id: int) -> str:
    with services().sessions() as session:
        order = session.get(Order, order_id)
        assert order is not None
        return order.status


@pytest.fixture(autouse=True)
def _shop(shop_db: str) -> None:
    """Every test here runs on the seeded shop."""
