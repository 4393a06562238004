from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.billing.payment_issue import (
    PaymentTicket,
    conversation_summary,
    open_payment_ticket,
    payment_issue_priority,
)
from icrm_models.db.schema import SupportTicket
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.shop import AS_OF
from tests.helpers.shop_changes import fail_payment, other_orders

RONI, VERONICA = 1, 2
ORDER = DEMO_ORDER_IDS["in_transit"]


@pytest.mark.parametrize(
    "message",
    [
        "i was charged twice",
        "you charged me 49.99 twice",
        "money was debited twice for the same order",
        "you took the money twice from my account",
        "I was double charged!!",
        "billed 2 times for one order",
        "my card got charged for 59.99 but i never ordered anything",
        "I got charged even though my order was cancelled",
        "my card was charged but checkout showed an error",
        "the money was taken from my account but no order",
        "CHARGED TWICE",
    ],
)
def test_money_taken_is_high_priority(message: str) -> None:
    assert payment_issue_priority(["hello", message]) == "high"


@pytest.mark.parametrize(
    "message",
    [
        "my payment was declined",
        "card got rejected at checkout",
        "paypal isn't working",
        "i was charged in dollars instead of euros",
        "charged but " * 1000,
        "",
    ],
)
def test_other_payment_problems_are_normal_priority(message: str) -> None:
    assert payment_issue_priority([message]) == "normal"


def test_the_summary_keeps_the_last_messages_readable() -> None:
    messages = [f"message {i}" for i in range(8)] + ["a\x00b\u202e c\n\n d", "x" * 2000]
    summary = conversation_summary(messages)
    lines = summary.splitlines()
    assert lines[0] == "Payment problem reported in the chat. The customer wrote:"
    assert lines[1:4] == ["- message 5", "- message 6", "- message 7"]
    assert lines[4] == "- a b c d"
    assert lines[5] == "- " + "x" * 499 + "…"
    assert conversation_summary([]).endswith("- (no readable text)")


def _open(
    session: Session,
    customer_id: int | None,
    *,
    messages: tuple[str, ...] = ("i was charged twice",),
    named_order_id: int | None = None,
) -> PaymentTicket:
    return open_payment_ticket(
        session,
        customer_id=customer_id,
        messages=messages,
        named_order_id=named_order_id,
        now=AS_OF,
        conversation_id="conv-7",
    )


def test_a_guest_gets_a_ticket_without_customer_or_order(shop: Engine) -> None:
    with Session(shop) as session:
        ticket = _open(session, None, named_order_id=ORDER)
        row = session.get(SupportTicket, ticket.ticket_id)
    assert ticket.order_id is None and ticket.priority == "high"
    assert row is not None
    assert (row.customer_id, row.order_id, row.category, row.priority, row.status) == (
        None,
        None,
        "payment",
        "high",
        "open",
    )
    assert row.summary.endswith("- i was charged twice")
    assert (row.conversation_id, row.created_at, row.resolved_at) == ("conv-7", AS_OF, None)


def test_a_customer_s_ticket_is_linked_to_the_latest_failed_payment(shop: Engine) -> None:
    with Session(shop) as session:
        older = other_orders(session, RONI, besides=ORDER)[0]
        fail_payment(session, older, AS_OF - timedelta(days=2))
        fail_payment(session, ORDER, AS_OF - timedelta(days=1))
        ticket = _open(session, RONI, messages=("my card was declined",))
        row = session.get(SupportTicket, ticket.ticket_id)
    assert ticket.order_id == ORDER and ticket.priority == "normal"
    assert row is not None and (row.customer_id, row.order_id) == (RONI, ORDER)


def test_a_named_order_is_linked_only_when_it_is_the_customer_s(shop: Engine) -> None:
    with Session(shop) as session:
        own = _open(session, RONI, named_order_id=ORDER)
        foreign = _open(session, VERONICA, named_order_id=ORDER)
        nothing_failed = _open(session, RONI)
    assert own.order_id == ORDER
    assert foreign.order_id is None
    assert nothing_failed.order_id is None
