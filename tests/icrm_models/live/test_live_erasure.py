"""Erasing a customer takes their live cases and notes along; other people's cases stay."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.schema import AgentAudit, Customer, LiveCase, LiveNote, SupportTicket
from icrm_models.db.statuses import TicketStatus
from icrm_models.live.agents import add_agent
from icrm_models.live.audit import audit_of_customer, record_access
from icrm_models.live.queue import add_note, enqueue
from icrm_models.privacy.erasure import erase_customer
from tests.helpers.shop import AS_OF


def test_erasure_deletes_the_persons_cases_and_notes_and_keeps_the_audit(
    session: Session,
) -> None:
    roni, other = session.scalars(select(Customer).order_by(Customer.id).limit(2)).all()
    ticket = SupportTicket(
        customer_id=roni.id,
        category="handoff",
        priority="normal",
        status=TicketStatus.OPEN,
        summary="wants a human",
        conversation_id="conv-roni",
        created_at=AS_OF,
    )
    session.add(ticket)
    session.flush()
    agent = add_agent(
        session, email="a@shop.test", display_name="A", password="p" * 12, role="agent", now=AS_OF
    )

    def case(
        conversation: str, customer: int | None, text: str, ticket_id: int | None = None
    ) -> LiveCase:
        return enqueue(
            session,
            conversation_id=conversation,
            reason="asked",
            priority="normal",
            summary=text,
            first_message=text,
            customer_id=customer,
            ticket_id=ticket_id,
            now=AS_OF,
        )

    theirs = case("conv-roni", roni.id, "order 10023", ticket.id)
    guest = case("conv-guest", None, f"I am {roni.email}, help")
    kept = case("conv-other", other.id, "my own question")
    add_note(session, theirs.id, agent.id, "angry about 10023", now=AS_OF)
    add_note(session, kept.id, agent.id, "fine", now=AS_OF)
    record_access(
        session,
        agent_id=agent.id,
        action="view_customer",
        case_id=theirs.id,
        customer_id=roni.id,
        conversation_id="conv-roni",
        now=AS_OF,
    )
    session.commit()
    guest_id = guest.id

    done = erase_customer(session, roni)
    session.commit()
    assert (done["live_cases"], done["live_notes"]) == (2, 1)
    remaining = set(session.scalars(select(LiveCase.conversation_id)))
    assert remaining == {"conv-other"}
    assert [n.text for n in session.scalars(select(LiveNote))] == ["fine"]
    assert guest_id not in set(session.scalars(select(LiveCase.id)))
    assert [line.action for line in audit_of_customer(session, roni.id)] == ["view_customer"]
    assert session.scalar(select(AgentAudit.conversation_id)) == "conv-roni"
