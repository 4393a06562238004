"""Fixtures of the console's tests: a migrated SQLite database with agents and cases, the
console app on a TestClient, and a Rasa stand-in on a real port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from console.server import create_app
from icrm_models.clock import utc_now
from icrm_models.db.tables.live import LiveCase
from icrm_models.live.agents import add_agent
from icrm_models.live.queue import enqueue
from icrm_models.privacy.tracker_store import EVENTS
from icrm_models.settings import Settings
from tests.console.servers import RasaStandIn, serving

LIVE_TOKEN = "live-token-" + "t" * 32
PASSWORD = "correct horse battery"
AGENTS = {
    "anna@shop.test": ("Anna Berg", "agent", "support"),
    "ben@shop.test": ("Ben Ode", "agent", "support"),
    "carl@shop.test": ("Carl Dax", "agent", "billing"),
    "sue@shop.test": ("Sue Vise", "supervisor", "support"),
}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path,
        identity_secret="console-secret-" + "c" * 32,
        live_token=LIVE_TOKEN,
    )


@pytest.fixture
def database(settings: Settings, sqlite_engine: Engine) -> Engine:
    """The migrated database of the settings, with Rasa's events table and the agents."""
    assert str(sqlite_engine.url) == settings.resolved_database_url
    EVENTS.create(sqlite_engine)
    with Session(sqlite_engine) as session:
        for email, (name, role, team) in AGENTS.items():
            add_agent(
                session,
                email=email,
                display_name=name,
                password=PASSWORD,
                role=role,
                team=team,
                now=utc_now(),
            )
        session.commit()
    return sqlite_engine


@pytest.fixture
def sqlite_url(settings: Settings) -> str:
    """The tests' database is the one the settings name (the console opens it itself)."""
    return settings.resolved_database_url


@pytest.fixture
def rasa() -> Iterator[tuple[RasaStandIn, str]]:
    stand_in = RasaStandIn(token=LIVE_TOKEN)
    with serving(stand_in.app()) as url:
        yield stand_in, url


@pytest.fixture
def client(
    settings: Settings, database: Engine, rasa: tuple[RasaStandIn, str]
) -> Iterator[TestClient]:
    with TestClient(create_app(settings, rasa_url=rasa[1])) as test_client:
        yield test_client


def new_case(
    engine: Engine,
    conversation_id: str = "conv-1",
    *,
    team: str = "support",
    first_message: str = "I want a person",
) -> int:
    """Queue a case for ``conversation_id`` as the handoff action would; its id."""
    with Session(engine) as session:
        live_case: LiveCase = enqueue(
            session,
            conversation_id=conversation_id,
            reason="asked",
            priority="normal",
            summary="wants a human",
            first_message=first_message,
            customer_id=None,
            ticket_id=None,
            team=team,
            now=utc_now(),
        )
        session.commit()
        return live_case.id


def log_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Log ``client`` in as ``email``; the session's CSRF token (also set as its default header)."""
    csrf = client.get("/api/csrf").json()["csrf"]
    answer = client.post(
        "/api/login", json={"email": email, "password": password}, headers={"X-CSRF-Token": csrf}
    )
    assert answer.status_code == 200, answer.text
    token = str(answer.json()["csrf"])
    client.headers["X-CSRF-Token"] = token
    return token
