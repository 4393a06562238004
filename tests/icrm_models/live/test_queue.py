"""The handoff queue: enqueue, claim, transfer, hand back, close, rate, notes, lists."""

from datetime import timedelta

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from icrm_models.db.statuses import (
    CasePriority,
    CaseResolution,
    CaseStatus,
    NoteKind,
    TicketStatus,
)
from icrm_models.db.tables.live import LiveCase
from icrm_models.db.tables.support import SupportTicket
from icrm_models.live.queue import (
    add_note,
    agent_loads,
    case_notes,
    claim,
    close_case,
    enqueue,
    get_case,
    hand_back,
    list_cases,
    may_open,
    open_case_of,
    rate_conversation,
    record_agent_reply,
    transfer,
)
from tests.icrm_models.live.conftest import NOW, MakeAgent


def queue(db: Session, conversation: str = "conv-1", **given: object) -> LiveCase:
    fields: dict[str, object] = {
        "reason": "asked",
        "priority": "normal",
        "summary": "wants a human",
        "first_message": "let me talk to a person",
        "customer_id": None,
        "ticket_id": None,
        "now": NOW,
        **given,
    }
    return enqueue(db, conversation_id=conversation, **fields)  # type: ignore[arg-type]


def test_enqueue_is_idempotent_and_raises_priority_but_never_lowers_it(db: Session) -> None:
    first = queue(db, priority="normal")
    assert (first.status, first.priority, first.queued_at) == (
        CaseStatus.QUEUED,
        CasePriority.NORMAL,
        NOW,
    )
    again = queue(db, priority="urgent", now=NOW + timedelta(minutes=1))
    assert again.id == first.id and again.priority == CasePriority.URGENT
    lower = queue(db, priority="low", now=NOW + timedelta(minutes=2))
    assert lower.id == first.id and lower.priority == CasePriority.URGENT
    assert lower.queued_at == NOW  # a repeated request keeps the customer's place
    assert queue(db, "conv-2").id != first.id


def test_enqueue_refuses_unknown_words(db: Session) -> None:
    with pytest.raises(ValueError, match="unknown CaseReason 'bored'"):
        queue(db, reason="bored")
    with pytest.raises(ValueError, match="unknown CasePriority"):
        queue(db, priority="asap")


def test_the_database_keeps_one_open_case_per_conversation(db: Session) -> None:
    queue(db)
    db.commit()
    row = {
        "conversation_id": "conv-1",
        "status": "queued",
        "reason": "asked",
        "priority": "normal",
        "summary": "",
        "first_message": "",
        "team": "support",
        "queued_at": NOW,
        "updated_at": NOW,
    }
    with pytest.raises(IntegrityError):
        db.execute(insert(LiveCase), [row])
    db.rollback()
    db.execute(insert(LiveCase), [{**row, "status": "closed"}])  # closed cases do not count
    db.commit()


def test_claim_gives_a_queued_case_to_the_first_agent_only(
    db: Session, make_agent: MakeAgent
) -> None:
    anna, ben = make_agent("anna"), make_agent("ben")
    case = queue(db)
    db.commit()
    assert claim(db, case.id, anna.id, now=NOW + timedelta(seconds=30))
    assert not claim(db, case.id, ben.id, now=NOW + timedelta(seconds=31))
    db.commit()
    db.refresh(case)
    assert (case.status, case.assignee_id, case.assigned_at) == (
        CaseStatus.ASSIGNED,
        anna.id,
        NOW + timedelta(seconds=30),
    )
    assert [(n.kind, n.text) for n in case_notes(db, case.id)] == [
        (NoteKind.SYSTEM, "claimed by Anna")
    ]
    assert not claim(db, 9999, anna.id, now=NOW)


def test_transfer_to_an_agent_or_back_to_a_teams_queue(db: Session, make_agent: MakeAgent) -> None:
    anna, ben = make_agent("anna"), make_agent("ben", team="billing")
    case = queue(db)
    claim(db, case.id, anna.id, now=NOW)
    transfer(db, case.id, by_agent_id=anna.id, to_agent_id=ben.id, now=NOW)
    assert (case.status, case.assignee_id) == (CaseStatus.ASSIGNED, ben.id)
    transfer(db, case.id, by_agent_id=ben.id, to_team="returns", now=NOW)
    assert (case.status, case.assignee_id, case.team) == (CaseStatus.QUEUED, None, "returns")
    assert [n.text for n in case_notes(db, case.id)] == [
        "claimed by Anna",
        "transferred to Ben by Anna",
        "transferred to team returns by Ben",
    ]
    with pytest.raises(ValueError, match="exactly one"):
        transfer(db, case.id, by_agent_id=anna.id, now=NOW)
    with pytest.raises(ValueError, match="no active agent"):
        transfer(db, case.id, by_agent_id=anna.id, to_agent_id=9999, now=NOW)


def test_hand_back_then_a_new_handoff_queues_the_same_case_again(
    db: Session, make_agent: MakeAgent
) -> None:
    anna = make_agent("anna")
    case = queue(db)
    claim(db, case.id, anna.id, now=NOW)
    record_agent_reply(db, case.id, now=NOW + timedelta(seconds=40))
    record_agent_reply(db, case.id, now=NOW + timedelta(seconds=90))
    assert case.first_agent_reply_at == NOW + timedelta(seconds=40)
    hand_back(db, case.id, anna.id, now=NOW + timedelta(minutes=5))
    assert (case.status, case.assignee_id) == (CaseStatus.WITH_BOT, anna.id)
    later = NOW + timedelta(minutes=9)
    again = queue(db, reason="fallback", now=later)
    assert again.id == case.id
    assert (again.status, again.assignee_id, again.queued_at) == (CaseStatus.QUEUED, None, later)
    assert again.first_agent_reply_at is None
    assert claim(db, case.id, anna.id, now=later)


def test_close_then_rate_the_conversation_once(db: Session, make_agent: MakeAgent) -> None:
    anna = make_agent("anna")
    case = queue(db)
    assert not rate_conversation(db, "conv-1", 5, now=NOW)  # nothing closed yet
    claim(db, case.id, anna.id, now=NOW)
    close_case(db, case.id, anna.id, resolution="solved", category=" delivery ", now=NOW)
    assert (case.status, case.resolution, case.resolution_category, case.closed_at) == (
        CaseStatus.CLOSED,
        CaseResolution.SOLVED,
        "delivery",
        NOW,
    )
    assert open_case_of(db, "conv-1") is None
    with pytest.raises(ValueError, match="closed"):
        close_case(db, case.id, anna.id, resolution="solved", category=None, now=NOW)
    for bad in (0, 6, True, 4.5):
        with pytest.raises(ValueError, match="1 to 5"):
            rate_conversation(db, "conv-1", bad, now=NOW)  # type: ignore[arg-type]
    assert rate_conversation(db, "conv-1", 4, now=NOW + timedelta(minutes=1))
    assert not rate_conversation(db, "conv-1", 1, now=NOW + timedelta(minutes=2))  # rated
    db.commit()
    db.refresh(case)
    assert (case.csat_score, case.csat_at) == (4, NOW + timedelta(minutes=1))
    # a later handoff of the same conversation is a new case
    assert queue(db, now=NOW + timedelta(hours=1)).id != case.id


def test_notes_keep_their_order_and_author(db: Session, make_agent: MakeAgent) -> None:
    anna = make_agent("anna")
    case = queue(db)
    add_note(db, case.id, anna.id, "  customer is upset about 10023  ", now=NOW)
    add_note(db, case.id, None, "system line", kind="system", now=NOW + timedelta(seconds=1))
    assert [(n.text, n.agent_name, n.kind) for n in case_notes(db, case.id)] == [
        ("customer is upset about 10023", "Anna", NoteKind.NOTE),
        ("system line", None, NoteKind.SYSTEM),
    ]
    with pytest.raises(ValueError, match="empty"):
        add_note(db, case.id, anna.id, "   ", now=NOW)
    with pytest.raises(ValueError, match="no case"):
        add_note(db, 9999, anna.id, "x", now=NOW)


def test_lists_show_what_an_agent_may_see_urgent_and_longest_waiting_first(
    db: Session, make_agent: MakeAgent
) -> None:
    anna, ben = make_agent("anna"), make_agent("ben", team="billing")
    sam = make_agent("sam", role="supervisor", team="lead")
    old = queue(db, "old", now=NOW - timedelta(minutes=10))
    urgent = queue(db, "urgent", priority="urgent", now=NOW - timedelta(minutes=1))
    billing = queue(db, "billing", team="billing", now=NOW - timedelta(minutes=20))
    mine = queue(db, "mine", team="billing", now=NOW - timedelta(minutes=30))
    claim(db, mine.id, anna.id, now=NOW)
    db.commit()

    def ids(agent: object, view: str) -> list[str]:
        rows = list_cases(db, agent=agent, view=view, now=NOW)  # type: ignore[arg-type]
        return [row.conversation_id for row in rows]

    assert ids(anna, "all") == ["urgent", "mine", "old"]  # her team's, and hers from billing
    assert ids(anna, "unassigned") == ["urgent", "old"]
    assert ids(anna, "mine") == ["mine"]
    assert ids(ben, "all") == ["mine", "billing"]
    assert ids(sam, "all") == ["urgent", "mine", "billing", "old"]
    row = list_cases(db, agent=anna, view="mine", now=NOW)[0]
    assert (row.assignee_name, row.wait_seconds, row.first_message) == (
        "Anna",
        1800,
        "let me talk to a person",
    )
    assert may_open(anna, old) and may_open(anna, mine) and not may_open(anna, billing)
    assert may_open(sam, billing) and may_open(ben, mine)
    assert get_case(db, urgent.id) is urgent
    with pytest.raises(ValueError, match="unknown view"):
        ids(anna, "closed")


def test_agent_loads_count_open_cases_per_agent(db: Session, make_agent: MakeAgent) -> None:
    anna, ben = make_agent("anna"), make_agent("ben")
    for name in ("a", "b", "c"):
        claim(db, queue(db, name).id, anna.id, now=NOW)
    closed = open_case_of(db, "c")
    assert closed is not None
    close_case(db, closed.id, anna.id, resolution="not_solved", category=None, now=NOW)
    from icrm_models.live.agents import set_presence

    set_presence(db, ben.id, "online", now=NOW)
    loads = {load.display_name: load for load in agent_loads(db, now=NOW)}
    assert (loads["Anna"].open_cases, loads["Anna"].online) == (2, False)
    assert (loads["Ben"].open_cases, loads["Ben"].online) == (0, True)


@pytest.mark.parametrize(
    ("resolution", "ticket_after"),
    [("solved", TicketStatus.RESOLVED), ("not_solved", TicketStatus.PENDING)],
)
def test_closing_a_case_settles_its_ticket(
    db: Session, make_agent: MakeAgent, resolution: str, ticket_after: TicketStatus
) -> None:
    anna = make_agent("anna")
    ticket = SupportTicket(
        category="handoff",
        priority="normal",
        status=TicketStatus.OPEN,
        summary="wants a human",
        conversation_id="conv-1",
        created_at=NOW,
    )
    db.add(ticket)
    db.flush()
    case = queue(db, ticket_id=ticket.id)
    claim(db, case.id, anna.id, now=NOW)
    close_case(db, case.id, anna.id, resolution=resolution, category=None, now=NOW)
    db.commit()
    db.refresh(ticket)
    assert ticket.status == ticket_after
