from datetime import timedelta

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.billing.payment_issue import ActionReportPaymentIssue, latest_user_texts
from actions.errors import UNAVAILABLE
from icrm_models.db.schema import SupportTicket
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.database import break_database
from tests.helpers.identity import token_for
from tests.helpers.shop import AS_OF, shop_clock, shop_session
from tests.helpers.shop_changes import fail_payment
from tests.helpers.trackers import T0, build_tracker, entity, user_event

RONI = 1
ORDER = DEMO_ORDER_IDS["in_transit"]


async def _run(tracker: Tracker) -> list[str]:
    dispatcher = CollectingDispatcher()
    events = await ActionReportPaymentIssue(clock=shop_clock).run(dispatcher, tracker, {})
    assert events == []
    return [m["text"] for m in dispatcher.messages]


def _tickets() -> list[SupportTicket]:
    with shop_session() as session:
        return list(
            session.scalars(
                select(SupportTicket)
                .where(SupportTicket.category == "payment")
                .order_by(SupportTicket.id)
            )
        )


async def test_a_guest_gets_a_ticket_and_how_to_follow_up(shop_db: str) -> None:
    tracker = build_tracker(
        "you took the money twice from my account",
        "payment_issue",
        earlier=[user_event("hi", "greet")],
    )
    texts = await _run(tracker)
    (ticket,) = _tickets()
    assert texts == [
        f"I'm sorry about that. I've opened ticket #{ticket.id} for our payments team. I've "
        "marked it high priority, as money was taken. As you're not logged in, please e-mail "
        f"support@luma-sports.example quoting ticket #{ticket.id} (and your order number, if "
        "you have one) so they can reach you."
    ]
    assert (ticket.customer_id, ticket.order_id, ticket.priority, ticket.status) == (
        None,
        None,
        "high",
        "open",
    )
    assert ticket.summary.splitlines()[1:] == ["- hi", "- you took the money twice from my account"]
    assert (ticket.conversation_id, ticket.created_at) == ("conv-test", AS_OF)


async def test_a_verified_customer_s_ticket_is_linked_to_the_failed_payment(shop_db: str) -> None:
    with shop_session() as session:
        fail_payment(session, ORDER, AS_OF - timedelta(hours=2))
    tracker = build_tracker("my card was declined", "payment_issue", token=token_for(RONI))
    texts = await _run(tracker)
    (ticket,) = _tickets()
    assert texts == [
        f"I'm sorry about that. I've opened ticket #{ticket.id} for our payments team about order "
        "10023. They'll get back to you at the e-mail address on your account."
    ]
    assert (ticket.customer_id, ticket.order_id, ticket.priority) == (RONI, ORDER, "normal")


async def test_a_guest_naming_an_order_does_not_get_it_linked(shop_db: str) -> None:
    tracker = build_tracker(
        "i was billed twice for order #10023", "payment_issue", [entity("order_id", "10023")]
    )
    await _run(tracker)
    (ticket,) = _tickets()
    assert ticket.order_id is None and ticket.customer_id is None


async def test_strange_input_still_makes_a_readable_ticket(shop_db: str) -> None:
    text = "\x00💳 ‮charged‬ " + "x" * 10_000 + "'; DROP TABLE support_tickets; --"
    texts = await _run(build_tracker(text, "payment_issue", [entity("order_id", "🙂")]))
    (ticket,) = _tickets()
    assert texts[0].startswith(f"I'm sorry about that. I've opened ticket #{ticket.id}")
    line = ticket.summary.splitlines()[1]
    assert line.startswith("- 💳 charged xxx") and len(line) == 2 + 500


def test_only_this_session_s_messages_are_summarised() -> None:
    tracker = build_tracker(
        "charged twice",
        "payment_issue",
        earlier=[
            user_event("old message", "greet", timestamp=T0 - 100),
            {"event": "session_started", "timestamp": T0 + 1},
            user_event("hello", "greet", timestamp=T0 + 2),
        ],
    )
    assert latest_user_texts(tracker, 5) == ["hello", "charged twice"]
    assert latest_user_texts(tracker, 1) == ["charged twice"]


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.billing.payment_issue", "insert")
    assert await _run(build_tracker("charged twice", "payment_issue")) == [UNAVAILABLE]
    assert _tickets() == []
