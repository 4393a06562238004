from datetime import timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import BehaviourEvent, SupportTicket
from icrm_models.support.complaints import ComplaintRequest, open_complaint
from icrm_models.support.handoff import request_handoff
from icrm_models.support.summary import SUMMARY_LIMIT
from tests.helpers.shop import AS_OF


def handoff(session: Session, **changes: object):  # type: ignore[no-untyped-def]
    arguments: dict[str, object] = {
        "conversation_id": "conv-1",
        "customer_id": 1,
        "recent_messages": ["where is my refund", "let me talk to a human"],
        "trigger": "asked",
        "now": AS_OF,
    }
    return request_handoff(session, **{**arguments, **changes})  # type: ignore[arg-type]


def test_a_handoff_opens_a_ticket_and_logs_an_event(shop: Engine) -> None:
    with Session(shop) as session:
        result = handoff(session)
    assert result.new_ticket and result.priority == "normal" and result.reasons == ()
    with Session(shop) as session:
        ticket = session.get(SupportTicket, result.ticket_id)
        assert ticket is not None
        assert (ticket.category, ticket.priority, ticket.status) == ("handoff", "normal", "open")
        assert (ticket.customer_id, ticket.conversation_id) == (1, "conv-1")
        assert ticket.summary.splitlines() == [
            "Handoff to a colleague requested (asked), 2026-11-23 12:00 UTC",
            "Last messages from the customer:",
            "- where is my refund",
            "- let me talk to a human",
        ]
        event = session.execute(
            select(BehaviourEvent).where(BehaviourEvent.event_type == "handoff_requested")
        ).scalar_one()
        assert (event.customer_id, event.conversation_id, event.occurred_at) == (1, "conv-1", AS_OF)
        assert event.properties == {
            "ticket_id": result.ticket_id,
            "priority": "normal",
            "reasons": [],
            "trigger": "asked",
            "new_ticket": True,
        }


def test_an_angry_request_is_high_never_urgent(shop: Engine) -> None:
    with Session(shop) as session:
        result = handoff(session, recent_messages=["GET ME A HUMAN!!!", "my lawyer is waiting"])
    assert result.priority == "high"
    assert "legal threat" in result.reasons


def test_the_complaint_of_the_conversation_is_updated_not_duplicated(shop: Engine) -> None:
    with Session(shop) as session:
        complaint = open_complaint(
            session,
            ComplaintRequest(
                conversation_id="conv-1",
                customer_id=1,
                category="delivery",
                customer_words="third time, unacceptable",
            ),
            now=AS_OF,
        )
        result = handoff(session, trigger="accepted offer", now=AS_OF + timedelta(minutes=1))
    assert complaint.priority == "urgent"
    assert result.ticket_id == complaint.ticket_id and not result.new_ticket
    assert result.priority == "urgent"  # raised, never lowered
    with Session(shop) as session:
        ticket = session.get(SupportTicket, complaint.ticket_id)
        assert ticket is not None and ticket.category == "delivery"
        assert ticket.summary.startswith("Complaint: delivery")
        assert "Handoff to a colleague requested (accepted offer), 2026-11-23 12:01 UTC" in (
            ticket.summary
        )
        assert (
            session.scalar(
                select(func.count(SupportTicket.id)).where(
                    SupportTicket.conversation_id == "conv-1"
                )
            )
            == 1
        )


def test_a_repeated_request_updates_the_same_ticket_and_stays_bounded(shop: Engine) -> None:
    with Session(shop) as session:
        first = handoff(session)
        for minute in range(1, 30):
            again = handoff(
                session,
                recent_messages=["human please " + "x" * 280] * 6,
                now=AS_OF + timedelta(minutes=minute),
            )
            assert again.ticket_id == first.ticket_id
        ticket = session.get(SupportTicket, first.ticket_id)
        assert ticket is not None and len(ticket.summary) <= SUMMARY_LIMIT
        assert ticket.summary.startswith(
            "Handoff to a colleague requested (asked), 2026-11-23 12:00"
        )
        assert "12:29 UTC" in ticket.summary  # the newest note is kept whole


def test_another_customers_or_a_guests_ticket_is_not_touched(shop: Engine) -> None:
    with Session(shop) as session:
        mine = handoff(session, customer_id=1)
        guest = handoff(session, customer_id=None)  # someone posting without a token
        other = handoff(session, customer_id=2)
    assert len({mine.ticket_id, guest.ticket_id, other.ticket_id}) == 3


def test_a_resolved_ticket_is_not_reopened(shop: Engine) -> None:
    with Session(shop) as session:
        first = handoff(session)
        ticket = session.get(SupportTicket, first.ticket_id)
        assert ticket is not None
        ticket.status = "resolved"
        session.commit()
        second = handoff(session)
    assert second.new_ticket and second.ticket_id != first.ticket_id
