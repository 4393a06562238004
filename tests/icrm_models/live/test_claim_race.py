"""Two agents click "take" at the same moment: exactly one gets the case (each backend)."""

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.db.tables.live import LiveCase
from icrm_models.live.queue import case_notes, claim, enqueue
from tests.icrm_models.live.conftest import NOW, MakeAgent

ROUNDS = 8


def test_of_two_simultaneous_claims_exactly_one_wins(
    engine: Engine, db: Session, make_agent: MakeAgent
) -> None:
    agents = [make_agent("anna").id, make_agent("ben").id]
    cases = [
        enqueue(
            db,
            conversation_id=f"race-{n}",
            reason="asked",
            priority="normal",
            summary="",
            first_message="",
            customer_id=None,
            ticket_id=None,
            now=NOW,
        ).id
        for n in range(ROUNDS)
    ]
    db.commit()
    barrier = threading.Barrier(2)

    def take(agent_id: int, case_id: int) -> bool:
        # each agent's request has its own session and connection, as in the console
        with Session(engine) as session:
            barrier.wait(timeout=10)
            won = claim(session, case_id, agent_id, now=NOW)
            session.commit()
            return won

    with ThreadPoolExecutor(max_workers=2) as pool:
        for case_id in cases:
            results = list(pool.map(take, agents, [case_id, case_id]))
            assert sorted(results) == [False, True], f"case {case_id}: {results}"
            winner = agents[results.index(True)]
            db.expire_all()
            case = db.get(LiveCase, case_id)
            assert case is not None and case.assignee_id == winner
            assert len(case_notes(db, case_id)) == 1  # one "claimed by" line, the winner's


def test_two_simultaneous_handoffs_of_one_conversation_make_one_case(engine: Engine) -> None:
    barrier = threading.Barrier(2)

    def handoff(conversation: str, priority: str) -> int:
        with Session(engine) as session:
            barrier.wait(timeout=10)
            case = enqueue(
                session,
                conversation_id=conversation,
                reason="asked",
                priority=priority,
                summary="",
                first_message="",
                customer_id=None,
                ticket_id=None,
                now=NOW,
            )
            session.commit()
            return case.id

    with ThreadPoolExecutor(max_workers=2) as pool:
        for n in range(ROUNDS):
            conversation = f"twice-{n}"
            ids = list(pool.map(handoff, [conversation] * 2, ["normal", "urgent"]))
            assert ids[0] == ids[1]
            with Session(engine) as session:
                case = session.get(LiveCase, ids[0])
                # whichever came second raised the first one's priority: the higher of the two
                assert case is not None and case.priority == "urgent", f"round {n}"
