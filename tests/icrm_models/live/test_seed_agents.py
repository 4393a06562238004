"""The demo's agent and supervisor: created once, same random passwords on every run."""

import stat
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer, LiveCase
from icrm_models.db.statuses import AgentRole
from icrm_models.live.agents import authenticate, disable_agent, list_agents
from icrm_models.live.canned import DEMO_REPLIES, canned_for
from icrm_models.live.queue import add_note, enqueue
from icrm_models.seed.agents import PASSWORDS_FILE, seed_demo_agents
from icrm_models.seed.run import reset
from tests.icrm_models.live.conftest import NOW


def test_demo_agents_are_seeded_once_with_stored_private_passwords(
    db: Session, tmp_path: Path
) -> None:
    data_dir = tmp_path / "var"
    first = seed_demo_agents(db, data_dir, now=NOW)
    db.commit()
    assert [(email, role) for email, _pw, role in first] == [
        ("agent@demo.icrm", "agent"),
        ("supervisor@demo.icrm", "supervisor"),
    ]
    passwords = {email: pw for email, pw, _role in first}
    assert len(set(passwords.values())) == 2 and all(len(pw) >= 16 for pw in passwords.values())
    secret = data_dir / PASSWORDS_FILE
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for email, password in passwords.items():
        assert f"{email} {password}" in secret.read_text()
        assert authenticate(db, email, password, now=NOW) is not None

    again = seed_demo_agents(db, data_dir, now=NOW)
    db.commit()
    assert again == first
    assert len(list_agents(db)) == 2
    assert len(canned_for(db, "support")) == len(DEMO_REPLIES)
    roles = {agent.email: agent.role for agent in list_agents(db)}
    assert roles["supervisor@demo.icrm"] == AgentRole.SUPERVISOR


def test_a_lost_password_file_gives_new_passwords_that_work(db: Session, tmp_path: Path) -> None:
    old = dict((e, p) for e, p, _r in seed_demo_agents(db, tmp_path, now=NOW))
    (tmp_path / PASSWORDS_FILE).unlink()
    new = dict((e, p) for e, p, _r in seed_demo_agents(db, tmp_path, now=NOW))
    assert new["agent@demo.icrm"] != old["agent@demo.icrm"]
    assert authenticate(db, "agent@demo.icrm", new["agent@demo.icrm"], now=NOW) is not None
    assert authenticate(db, "agent@demo.icrm", old["agent@demo.icrm"], now=NOW) is None


def test_a_disabled_demo_agent_stays_disabled(db: Session, tmp_path: Path) -> None:
    seeded = seed_demo_agents(db, tmp_path, now=NOW)
    disable_agent(db, "agent@demo.icrm")
    seed_demo_agents(db, tmp_path, now=NOW)
    assert authenticate(db, "agent@demo.icrm", seeded[0][1], now=NOW) is None


def test_a_shop_reset_takes_the_cases_along_and_keeps_the_agents(
    shop: Engine, tmp_path: Path
) -> None:
    with Session(shop) as session:
        seed_demo_agents(session, tmp_path, now=NOW)
        customer = session.scalars(select(Customer.id).limit(1)).one()
        case = enqueue(
            session,
            conversation_id="conv-1",
            reason="asked",
            priority="normal",
            summary="",
            first_message="",
            customer_id=customer,
            ticket_id=None,
            now=NOW,
        )
        add_note(session, case.id, None, "noted", now=NOW)
        session.commit()
    reset(shop)
    with Session(shop) as session:
        assert session.scalar(select(func.count()).select_from(LiveCase)) == 0
        assert session.scalar(select(func.count()).select_from(Customer)) == 0
        assert len(list_agents(session)) == 2
