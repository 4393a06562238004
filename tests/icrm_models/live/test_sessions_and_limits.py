"""Console sessions (hashed tokens, 8 h) and the log-in limit (5 failures per key in 15 min)."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.tables.live import AgentSession
from icrm_models.live.agent_sessions import (
    close_session,
    open_session,
    session_agent,
    token_digest,
)
from icrm_models.live.agents import disable_agent
from icrm_models.live.login_limits import email_key, ip_key, login_allowed, record_login
from tests.icrm_models.live.conftest import NOW, MakeAgent


def test_a_session_finds_its_agent_and_csrf_token_until_it_expires(
    db: Session, make_agent: MakeAgent
) -> None:
    anna = make_agent("anna")
    token, csrf = open_session(db, anna.id, now=NOW)
    db.commit()
    assert token != csrf and len(token) >= 40
    stored = db.scalars(select(AgentSession.token_sha256)).one()
    assert stored == token_digest(token) and token not in stored  # only the digest is kept
    found = session_agent(db, token, now=NOW + timedelta(hours=7, minutes=59))
    assert found is not None and found[0].id == anna.id and found[1] == csrf
    assert session_agent(db, token, now=NOW + timedelta(hours=8)) is None
    assert session_agent(db, token + "x", now=NOW) is None
    assert session_agent(db, "", now=NOW) is None


def test_closing_or_disabling_ends_a_session(db: Session, make_agent: MakeAgent) -> None:
    anna, ben = make_agent("anna"), make_agent("ben")
    anna_token, _ = open_session(db, anna.id, now=NOW)
    ben_token, _ = open_session(db, ben.id, now=NOW)
    close_session(db, anna_token)
    assert session_agent(db, anna_token, now=NOW) is None
    assert session_agent(db, ben_token, now=NOW) is not None
    disable_agent(db, "ben@shop.test")
    assert session_agent(db, ben_token, now=NOW) is None


def test_opening_a_session_sweeps_expired_ones(db: Session, make_agent: MakeAgent) -> None:
    anna = make_agent("anna")
    open_session(db, anna.id, now=NOW)
    open_session(db, anna.id, now=NOW + timedelta(hours=9))
    assert len(list(db.scalars(select(AgentSession.id)))) == 1


def test_five_failures_of_a_key_refuse_it_for_fifteen_minutes(db: Session) -> None:
    keys = [email_key(" Anna@Shop.test"), ip_key("10.0.0.7")]
    assert keys == ["email:anna@shop.test", "ip:10.0.0.7"]
    for minute in range(4):
        record_login(db, keys, False, now=NOW + timedelta(minutes=minute))
    record_login(db, keys, True, now=NOW + timedelta(minutes=4))  # successes do not count
    assert login_allowed(db, keys, now=NOW + timedelta(minutes=5))
    record_login(db, keys, False, now=NOW + timedelta(minutes=5))
    assert not login_allowed(db, keys, now=NOW + timedelta(minutes=5))
    # any one key over the limit refuses; another address from another machine is not limited
    assert not login_allowed(db, [email_key("anna@shop.test"), ip_key("10.9.9.9")], now=NOW)
    assert login_allowed(db, [email_key("ben@shop.test"), ip_key("10.9.9.9")], now=NOW)
    # the window slides: once the first failure is 15 minutes old, four remain
    assert login_allowed(db, keys, now=NOW + timedelta(minutes=15))
    assert login_allowed(db, [], now=NOW)
