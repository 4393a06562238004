from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import BehaviourEvent, SupportTicket
from icrm_models.seed.demo import DEMO_ORDER_IDS
from icrm_models.support.complaints import ComplaintRequest, open_complaint
from icrm_models.support.summary import SUMMARY_LIMIT
from tests.helpers.shop import AS_OF

IN_TRANSIT = DEMO_ORDER_IDS["in_transit"]  # Roni Cost's (customer 1)


def request(**changes: object) -> ComplaintRequest:
    base = ComplaintRequest(
        conversation_id="conv-1",
        customer_id=1,
        category="damaged",
        customer_words="the hoodie arrived with a hole in the sleeve",
        complaint_messages=["my hoodie arrived damaged"],
        recent_messages=["hi", "my hoodie arrived damaged", "the hoodie arrived with a hole"],
    )
    return ComplaintRequest(**{**base.__dict__, **changes})


def test_a_complaint_opens_a_ticket_and_logs_an_event(shop: Engine) -> None:
    with Session(shop) as session:
        opened = open_complaint(session, request(mentioned_orders=[IN_TRANSIT]), now=AS_OF)
    assert opened.priority == "normal" and not opened.escalated
    assert opened.order_id == IN_TRANSIT
    with Session(shop) as session:
        ticket = session.get(SupportTicket, opened.ticket_id)
        assert ticket is not None
        assert (ticket.customer_id, ticket.order_id, ticket.category) == (1, IN_TRANSIT, "damaged")
        assert (ticket.priority, ticket.status, ticket.conversation_id) == (
            "normal",
            "open",
            "conv-1",
        )
        assert ticket.created_at == AS_OF and ticket.resolved_at is None
        assert ticket.summary.splitlines() == [
            f"Complaint: a damaged item (order {IN_TRANSIT})",
            'In the customer\'s words: "the hoodie arrived with a hole in the sleeve"',
            "Last messages from the customer:",
            "- hi",
            "- my hoodie arrived damaged",
            "- the hoodie arrived with a hole",
        ]
        event = session.execute(
            select(BehaviourEvent).where(BehaviourEvent.event_type == "complaint")
        ).scalar_one()
        assert (event.customer_id, event.conversation_id) == (1, "conv-1")
        assert event.properties == {
            "ticket_id": opened.ticket_id,
            "category": "damaged",
            "priority": "normal",
            "reasons": [],
            "order_id": IN_TRANSIT,
        }


def test_someone_elses_order_is_not_linked(shop: Engine) -> None:
    with Session(shop) as session:
        other = open_complaint(
            session, request(customer_id=2, mentioned_orders=[IN_TRANSIT]), now=AS_OF
        )
        missing = open_complaint(
            session, request(customer_id=2, mentioned_orders=[99_999_999]), now=AS_OF
        )
    assert other.order_id is None and missing.order_id is None
    with Session(shop) as session:
        summary = session.get(SupportTicket, other.ticket_id).summary  # type: ignore[union-attr]
        assert str(IN_TRANSIT) not in summary.splitlines()[0]


def test_the_first_own_order_among_several_is_linked(shop: Engine) -> None:
    with Session(shop) as session:
        opened = open_complaint(
            session, request(mentioned_orders=[DEMO_ORDER_IDS["processing"], IN_TRANSIT]), now=AS_OF
        )
    assert opened.order_id == IN_TRANSIT


def test_a_guest_may_complain_but_nothing_is_linked(shop: Engine) -> None:
    with Session(shop) as session:
        opened = open_complaint(
            session, request(customer_id=None, mentioned_orders=[IN_TRANSIT]), now=AS_OF
        )
        ticket = session.get(SupportTicket, opened.ticket_id)
        assert ticket is not None and ticket.customer_id is None and ticket.order_id is None
        assert ticket.summary.startswith("Complaint: a damaged item — guest, not verified")


def test_escalation_signals_raise_the_priority(shop: Engine) -> None:
    with Session(shop) as session:
        opened = open_complaint(
            session,
            request(complaint_messages=["third time I write, THIS IS UNACCEPTABLE!!!"]),
            now=AS_OF,
        )
        ticket = session.get(SupportTicket, opened.ticket_id)
    assert opened.priority == "urgent" and opened.escalated
    assert opened.reasons == (
        "says it is a repeated contact",
        "strong words",
        "writes in capitals",
        "many exclamation marks",
    )
    assert ticket is not None and "Escalation: says it is a repeated contact" in ticket.summary


def test_a_second_complaint_in_the_conversation_is_escalated(shop: Engine) -> None:
    with Session(shop) as session:
        first = open_complaint(session, request(), now=AS_OF)
        second = open_complaint(session, request(), now=AS_OF + timedelta(minutes=2))
        elsewhere = open_complaint(
            session, request(conversation_id="conv-2", customer_id=None), now=AS_OF
        )
    assert first.priority == "normal"
    assert second.priority == "high"
    assert second.reasons == ("complained before in this conversation",)
    assert elsewhere.priority == "normal"


def test_open_tickets_from_earlier_contacts_escalate(shop: Engine) -> None:
    with Session(shop) as session:
        open_complaint(session, request(conversation_id="earlier"), now=AS_OF - timedelta(days=3))
        opened = open_complaint(session, request(conversation_id="now"), now=AS_OF)
        # The seeded tickets are all resolved: they don't count.
        resolved = open_complaint(session, request(customer_id=3, conversation_id="c3"), now=AS_OF)
    assert opened.reasons == ("has open tickets from earlier contacts",)
    assert resolved.priority == "normal"


def test_strange_text_is_stored_safely_and_bounded(shop: Engine) -> None:
    words = "\x00DROP TABLE support_tickets; --\u202e" + "ü" * 20_000
    with Session(shop) as session:
        opened = open_complaint(
            session,
            request(customer_words=words, recent_messages=["\x00", "🙂", "طلبي لم يصل"]),
            now=AS_OF,
        )
        ticket = session.get(SupportTicket, opened.ticket_id)
        assert ticket is not None
        assert "\x00" not in ticket.summary and "\u202e" not in ticket.summary
        assert len(ticket.summary) <= SUMMARY_LIMIT
        assert "DROP TABLE support_tickets" in ticket.summary
        assert "- 🙂" in ticket.summary and "- طلبي لم يصل" in ticket.summary
        assert session.scalar(select(SupportTicket.id).limit(1)) is not None


def test_an_unknown_category_is_rejected(shop: Engine) -> None:
    with Session(shop) as session, pytest.raises(ValueError, match="unknown complaint category"):
        open_complaint(session, request(category="weather"), now=AS_OF)
