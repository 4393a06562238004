"""Agents: adding, logging in, disabling, presence (real argon2id hashes, real database)."""

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.statuses import AgentPresence, AgentRole
from icrm_models.db.tables.live import AgentSession
from icrm_models.live.agent_sessions import open_session
from icrm_models.live.agents import (
    add_agent,
    agents_online,
    authenticate,
    disable_agent,
    list_agents,
    set_presence,
    touch,
)
from icrm_models.live.passwords import hash_password, needs_rehash, verify_password
from tests.icrm_models.live.conftest import NOW, PASSWORD, MakeAgent


def test_a_password_is_stored_as_an_argon2id_hash_that_verifies_only_itself() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "correct horse batterY")
    assert not verify_password("not a hash", "correct horse battery")
    assert not needs_rehash(stored)
    assert needs_rehash("$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG")


def test_add_agent_normalises_the_email_and_starts_offline(db: Session) -> None:
    agent = add_agent(
        db, email=" Anna@Shop.TEST ", display_name="Anna", password=PASSWORD, role="agent", now=NOW
    )
    assert agent.email == "anna@shop.test"
    assert (agent.role, agent.team, agent.presence, agent.active) == (
        AgentRole.AGENT,
        "support",
        AgentPresence.OFFLINE,
        True,
    )
    assert agent.password_hash != PASSWORD


@pytest.mark.parametrize(
    ("email", "password", "role", "message"),
    [
        ("anna@shop.test", PASSWORD, "agent", "exists already"),
        ("ANNA@shop.test", PASSWORD, "agent", "exists already"),
        ("ben@shop.test", "too short", "agent", "shorter than 10"),
        ("ben@shop.test", PASSWORD, "admin", "unknown role 'admin'"),
        ("no-at-sign", PASSWORD, "agent", "not an e-mail"),
    ],
)
def test_add_agent_refuses(
    db: Session, make_agent: MakeAgent, email: str, password: str, role: str, message: str
) -> None:
    make_agent("anna")
    with pytest.raises(ValueError, match=message):
        add_agent(db, email=email, display_name="B", password=password, role=role, now=NOW)


def test_authenticate_takes_only_the_right_password_of_an_active_agent(
    db: Session, make_agent: MakeAgent
) -> None:
    make_agent("anna")
    agent = authenticate(db, "ANNA@shop.test", PASSWORD, now=NOW)
    assert agent is not None and agent.email == "anna@shop.test"
    assert agent.last_seen_at == NOW
    assert authenticate(db, "anna@shop.test", PASSWORD + "x", now=NOW) is None
    assert authenticate(db, "nobody@shop.test", PASSWORD, now=NOW) is None
    assert disable_agent(db, "anna@shop.test")
    assert authenticate(db, "anna@shop.test", PASSWORD, now=NOW) is None


def test_disabling_ends_the_agents_sessions(db: Session, make_agent: MakeAgent) -> None:
    anna, ben = make_agent("anna"), make_agent("ben")
    open_session(db, anna.id, now=NOW)
    open_session(db, ben.id, now=NOW)
    assert disable_agent(db, "anna@shop.test")
    assert not disable_agent(db, "nobody@shop.test")
    db.commit()
    assert list(db.scalars(select(AgentSession.agent_id))) == [ben.id]
    assert [(a.email, a.active) for a in list_agents(db)] == [
        ("anna@shop.test", False),
        ("ben@shop.test", True),
    ]


def test_agents_online_counts_active_online_agents_seen_in_the_last_two_minutes(
    db: Session, make_agent: MakeAgent
) -> None:
    anna, ben, cleo = make_agent("anna"), make_agent("ben", team="billing"), make_agent("cleo")
    assert agents_online(db, now=NOW) == 0
    for agent in (anna, ben, cleo):
        set_presence(db, agent.id, "online", now=NOW)
    set_presence(db, cleo.id, "away", now=NOW)
    assert agents_online(db, now=NOW) == 2
    assert agents_online(db, now=NOW, team="billing") == 1
    assert agents_online(db, now=NOW, team="support") == 1
    later = NOW + timedelta(minutes=3)
    assert agents_online(db, now=later) == 0  # no heartbeat: a closed laptop is not online
    touch(db, anna.id, later)
    assert agents_online(db, now=later) == 1
    disable_agent(db, "anna@shop.test")
    assert agents_online(db, now=later) == 0
    with pytest.raises(ValueError, match="unknown presence"):
        set_presence(db, ben.id, "busy", now=NOW)
