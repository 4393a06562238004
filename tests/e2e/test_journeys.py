"""The main customer journeys, end to end: real Rasa, real action server, real database.

Each journey is a conversation through Rasa's REST channel; what the customer is told is checked
loosely (wording may change), what happened in the shop's database exactly.
"""

from __future__ import annotations

import sqlite3

import httpx
import pytest

from icrm_models.launcher.stack import RunningStack
from tests.helpers.stack import chat, new_sender, texts, widget_metadata

pytestmark = pytest.mark.e2e


def _order_of(db: sqlite3.Connection, status: str) -> tuple[int, int]:
    row = db.execute(
        "select o.id, o.customer_id from orders o join customers c on c.id = o.customer_id "
        "where o.status = ? and c.deleted_at is null order by o.id desc limit 1",
        (status,),
    ).fetchone()
    assert row, f"the seeded shop has no {status} order"
    return int(row[0]), int(row[1])


def _copy_of_order(db: sqlite3.Connection, source: int, new_id: int) -> tuple[int, int]:
    """A fresh copy of order ``source`` (items and payment too), so journeys don't collide."""
    db.execute(
        "insert into orders (id, customer_id, status, placed_at, total, currency, "
        "shipping_address, cancelled_at, external_ref) select ?, customer_id, status, placed_at, "
        "total, currency, shipping_address, cancelled_at, null from orders where id = ?",
        (new_id, source),
    )
    db.execute(
        "insert into order_items (order_id, product_id, quantity, unit_price, size, color) "
        "select ?, product_id, quantity, unit_price, size, color from order_items "
        "where order_id = ?",
        (new_id, source),
    )
    db.execute(
        "insert into payments (order_id, method, status, amount, created_at) "
        "select ?, method, status, amount, created_at from payments where order_id = ?",
        (new_id, source),
    )
    db.commit()
    (customer,) = db.execute("select customer_id from orders where id = ?", (new_id,)).fetchone()
    return new_id, int(customer)


def test_cancel_before_shipment_really_cancels(stack: RunningStack, db: sqlite3.Connection) -> None:
    source, _ = _order_of(db, "processing")
    order_id, customer = _copy_of_order(db, source, 99001)
    sender = new_sender()
    ask = texts(chat(stack, sender, f"please cancel order {order_id}", customer))
    assert str(order_id) in ask and "?" in ask
    done = texts(chat(stack, sender, "yes please", customer))
    assert str(order_id) in done
    status, cancelled_at = db.execute(
        "select status, cancelled_at from orders where id = ?", (order_id,)
    ).fetchone()
    assert status == "cancelled" and cancelled_at is not None
    assert db.execute(
        "select count(*) from outbox where customer_id = ? and conversation_id = ?",
        (customer, sender),
    ).fetchone() == (1,)


def test_cancel_after_shipment_is_refused_and_nothing_changes(
    stack: RunningStack, db: sqlite3.Connection
) -> None:
    sender = new_sender()
    answer = texts(chat(stack, sender, "I want to cancel my order 10023", 1))
    assert "10023" in answer and "return" in answer.lower()
    assert db.execute("select status from orders where id = 10023").fetchone() != ("cancelled",)


def test_return_and_refund_status(stack: RunningStack, db: sqlite3.Connection) -> None:
    row = db.execute(
        "select o.id, o.customer_id from orders o join shipments s on s.order_id = o.id "
        "where o.status = 'delivered' and s.delivered_at >= datetime('2026-11-23', '-20 days') "
        "and not exists (select 1 from returns r where r.order_id = o.id) "
        "order by o.id desc limit 1"
    ).fetchone()
    assert row, "the seeded shop has no recently delivered order"
    order_id, customer = int(row[0]), int(row[1])
    sender = new_sender()
    chat(stack, sender, f"I'd like to return order {order_id}", customer)
    chat(stack, sender, "it's too small", customer)
    done = texts(chat(stack, sender, "yes", customer))
    assert str(order_id) in done
    assert (
        db.execute(
            "select status from returns where order_id = ? and customer_id = ?",
            (order_id, customer),
        ).fetchall()
        != []
    )
    status = texts(chat(stack, new_sender(), "where is my refund?", customer))
    assert str(order_id) in status


def test_a_complaint_opens_a_ticket(stack: RunningStack, db: sqlite3.Connection) -> None:
    sender, customer = new_sender(), 4
    chat(
        stack,
        sender,
        "I want to complain, the zipper of the jacket I got broke after two days of wearing it",
        customer,
    )
    for _ in range(3):  # answer what the form still asks for, if anything
        row = db.execute(
            "select category, summary from support_tickets where conversation_id = ?", (sender,)
        ).fetchone()
        if row:
            break
        chat(stack, sender, "the quality of the product is bad, the zipper broke", customer)
    assert row is not None and "zipper" in row[1]


def test_someone_elses_order_is_refused_in_every_journey(
    stack: RunningStack, db: sqlite3.Connection
) -> None:
    for request in ("cancel order 10023", "I want to return order 10023"):
        answer = texts(chat(stack, new_sender(), request, 2))
        assert "10023" in answer
        assert "transit" not in answer.lower() and "roni" not in answer.lower()
    assert db.execute("select status from orders where id = 10023").fetchone() != ("cancelled",)
    assert db.execute("select count(*) from returns where order_id = 10023").fetchone() == (0,)


def test_a_guest_must_prove_who_they_are(stack: RunningStack) -> None:
    sender = new_sender()
    ask = texts(chat(stack, sender, "where is my order 10023?", None))
    assert "e-mail" in ask.lower()
    wrong = texts(chat(stack, sender, "someone@example.com", None))
    assert "order" in wrong.lower()
    refused = texts(chat(stack, sender, "10023", None))
    assert "couldn't match" in refused and "in transit" not in refused.lower()


def test_a_verified_customer_accepts_an_offer_from_the_cards(
    stack: RunningStack, db: sqlite3.Connection
) -> None:
    sender, customer = new_sender(), 2
    body = {
        "sender": sender,
        "message": "any deals for me?",
        "metadata": {**widget_metadata(sender, customer), "supports_cards": True},
    }
    response = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
    messages = response.json()
    payloads = [m["custom"]["data"] for m in messages if "custom" in m]
    assert payloads and payloads[0]["type"] == "product_cards"
    card = payloads[0]["cards"][0]
    assert card["reason"] and card["buttons"][0]["payload"].startswith("/accept_offer")
    chat(stack, sender, card["buttons"][0]["payload"], customer)
    status, customer = db.execute(
        "select status, customer_id from offers where id = ?", (int(card["offer_id"]),)
    ).fetchone()
    assert (status, customer) == ("accepted", 2)
    events = {
        row[0]
        for row in db.execute(
            "select event_type from behaviour_events where conversation_id = ?", (sender,)
        )
    }
    assert {"offer_impression", "offer_accepted"} <= events


def test_channels_without_cards_get_the_offer_as_text(stack: RunningStack) -> None:
    messages = chat(stack, new_sender(), "what would you recommend for me?", 2)
    assert not any("custom" in m for m in messages)
    assert "1. " in texts(messages)
