from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from actions.errors import UNAVAILABLE
from actions.feedback.complaint import ActionOpenComplaint
from actions.feedback.messages import COMPLAINT_ESCALATED, complaint_opened
from icrm_models.db.schema import SupportTicket
from tests.helpers.database import break_database
from tests.helpers.forms import after_form
from tests.helpers.identity import token_for
from tests.helpers.records import behaviour, tickets
from tests.helpers.runs import run_with_messages, slot_values
from tests.helpers.shop import AS_OF, shop_session
from tests.helpers.trackers import entity

SHOP_EMAIL = "support@luma-sports.example"  # data/policies.yml
RESET = [("complaint_category", None), ("complaint_summary", None)]


def complaint(
    first: str,
    *answers: str,
    category: str = "damaged",
    summary: str | None = None,
    token: str | None = None,
    sender_id: str = "conv-test",
) -> Any:
    """The tracker after the complaint form: ``first`` started it, ``answers`` followed."""
    messages = [(first, "complaint", _orders(first))]
    messages += [(answer, "inform", _orders(answer)) for answer in answers]
    return after_form(
        "complaint_form",
        messages,
        slots={"complaint_category": category, "complaint_summary": summary or messages[-1][0]},
        token=token,
        sender_id=sender_id,
    )


def _orders(text: str) -> list[dict[str, Any]]:
    return [entity("order_id", w, text) for w in text.split() if w.isdigit() and len(w) == 5]


async def run(tracker: Any) -> tuple[list[dict[str, Any]], list[str]]:
    events, texts, _ = await run_with_messages(ActionOpenComplaint(clock=lambda: AS_OF), tracker)
    return events, texts


async def test_a_verified_customers_complaint_links_their_order(shop_db: str) -> None:
    tracker = complaint(
        "my order 10023 arrived damaged",
        "the hoodie has a hole in the sleeve",
        token=token_for(1),
    )
    events, texts = await run(tracker)
    [ticket] = tickets(shop_db)
    assert texts == [
        complaint_opened(ticket=ticket.id, category="damaged", order_id=10023, guest_email=None)
    ]
    assert texts[0] == (
        f"I'm sorry about that. I've opened ticket #{ticket.id} about a damaged item "
        "(order 10023) and passed it to our customer-care team — a colleague will get back to you."
    )
    assert slot_values(events) == [*RESET, ("handoff_offered", False)]
    assert (ticket.customer_id, ticket.order_id, ticket.category) == (1, 10023, "damaged")
    assert (ticket.priority, ticket.status, ticket.created_at) == ("normal", "open", AS_OF)
    assert ticket.summary.splitlines() == [
        "Complaint: a damaged item (order 10023)",
        'In the customer\'s words: "the hoodie has a hole in the sleeve"',
        "Last messages from the customer:",
        "- my order 10023 arrived damaged",
        "- the hoodie has a hole in the sleeve",
    ]
    [event] = behaviour(shop_db, "complaint")
    assert (event.customer_id, event.conversation_id) == (1, "conv-test")
    assert event.properties["ticket_id"] == ticket.id


async def test_someone_elses_order_gets_the_same_answer_as_a_missing_one(shop_db: str) -> None:
    _, other = await run(complaint("my order 10023 arrived damaged", token=token_for(2)))
    # Resolve it, so that the second complaint isn't escalated for the first one still open.
    with shop_session(shop_db) as session:
        session.execute(update(SupportTicket).values(status="resolved"))
        session.commit()
    _, missing = await run(
        complaint(
            "my order 99999 arrived damaged", token=token_for(2, "conv-2"), sender_id="conv-2"
        )
    )
    [first], [second] = tickets(shop_db), tickets(shop_db, "conv-2")
    assert other == [
        complaint_opened(ticket=first.id, category="damaged", order_id=None, guest_email=None)
    ]
    assert missing[0] == other[0].replace(f"#{first.id}", f"#{second.id}")
    assert "10023" not in other[0]
    assert first.order_id is None and second.order_id is None


async def test_a_guest_may_complain_nothing_is_linked_and_is_told_where_to_write(
    shop_db: str,
) -> None:
    events, texts = await run(complaint("my order 10023 arrived damaged", token=None))
    [ticket] = tickets(shop_db)
    assert texts == [
        complaint_opened(
            ticket=ticket.id, category="damaged", order_id=None, guest_email=SHOP_EMAIL
        )
    ]
    assert texts[0].endswith(
        f"As you're not logged in, please e-mail {SHOP_EMAIL} and mention ticket #{ticket.id} "
        "if you'd like an answer by e-mail."
    )
    assert (ticket.customer_id, ticket.order_id) == (None, None)
    assert slot_values(events) == [*RESET, ("handoff_offered", False)]


@pytest.mark.parametrize(
    ("first", "priority"),
    [
        ("this is the third time I'm writing, UNACCEPTABLE!!!", "urgent"),
        ("I'm going to call my lawyer", "urgent"),
        ("this is unacceptable", "high"),
    ],
)
async def test_an_escalating_complaint_offers_a_colleague(
    shop_db: str, first: str, priority: str
) -> None:
    events, texts = await run(complaint(first, "late delivery", category="delivery"))
    [ticket] = tickets(shop_db)
    assert ticket.priority == priority
    assert texts == [COMPLAINT_ESCALATED[priority].format(ticket=ticket.id)]
    if priority == "urgent":
        assert texts[0].endswith(
            f"I've marked this urgent (ticket #{ticket.id}). "
            "Shall I connect you to a colleague now?"
        )
    assert slot_values(events) == [*RESET, ("handoff_offered", True)]


async def test_an_earlier_open_ticket_of_the_customer_escalates(shop_db: str) -> None:
    with shop_session(shop_db) as session:
        session.add(
            SupportTicket(
                customer_id=1,
                category="billing",
                priority="normal",
                status="open",
                summary="charged twice",
                conversation_id="an-earlier-chat",
                created_at=AS_OF - timedelta(days=2),
            )
        )
        session.commit()
    events, texts = await run(complaint("my hoodie arrived damaged", token=token_for(1)))
    [ticket] = tickets(shop_db)
    assert ticket.priority == "high"
    assert texts == [COMPLAINT_ESCALATED["high"].format(ticket=ticket.id)]
    assert ("handoff_offered", True) in slot_values(events)


async def test_a_second_complaint_in_the_conversation_escalates(shop_db: str) -> None:
    await run(complaint("my hoodie arrived damaged", token=token_for(1)))
    _, texts = await run(complaint("and the tee is the wrong size", category="wrong_item"))
    first, second = tickets(shop_db)
    assert (first.priority, second.priority) == ("normal", "high")
    assert texts == [COMPLAINT_ESCALATED["high"].format(ticket=second.id)]


async def test_an_unknown_category_is_filed_as_other(shop_db: str) -> None:
    await run(complaint("I want to complain", "weird stuff", category="not a category"))
    [ticket] = tickets(shop_db)
    assert ticket.category == "other"


@pytest.mark.parametrize(
    "words", ["x" * 10_000, "'; DROP TABLE support_tickets; --", "\x00", "🙂", "\u202eطلبي تالف"]
)
async def test_strange_input_gets_a_polite_answer(shop_db: str, words: str) -> None:
    events, texts = await run(complaint("I want to complain", words))
    [ticket] = tickets(shop_db)
    assert texts[0].startswith("I'm")
    assert f"ticket #{ticket.id}" in texts[0]
    assert "\x00" not in ticket.summary and "\u202e" not in ticket.summary
    assert slot_values(events)[:2] == RESET


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.feedback.complaint", "insert")
    events, texts = await run(complaint("my hoodie arrived damaged", token=token_for(1)))
    assert texts == [UNAVAILABLE]
    assert slot_values(events) == RESET  # the next complaint starts afresh
    assert tickets(shop_db) == []
