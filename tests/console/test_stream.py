"""The live stream over a real HTTP server: new tracker events reach the agents who may see
them (and only them), and Rasa's typing notices too."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from console.server import create_app
from icrm_models.settings import Settings
from tests.console.conftest import LIVE_TOKEN, PASSWORD, new_case
from tests.console.servers import RasaStandIn, serving
from tests.helpers.rasa_events import said, store_conversation


def logged_in(url: str, email: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=5)
    csrf = client.get("/api/csrf").json()["csrf"]
    answer = client.post(
        "/api/login", json={"email": email, "password": PASSWORD}, headers={"X-CSRF-Token": csrf}
    )
    assert answer.status_code == 200, answer.text
    client.headers["X-CSRF-Token"] = answer.json()["csrf"]
    return client


@contextmanager
def stream_of(client: httpx.Client) -> Iterator[Iterator[dict[str, Any]]]:
    """The agent's stream as an iterator of its events (comments skipped)."""
    with client.stream("GET", "/api/stream") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")

        def events() -> Iterator[dict[str, Any]]:
            for line in response.iter_lines():
                if line.startswith("data: "):
                    yield json.loads(line[len("data: ") :])

        yield events()


@pytest.fixture
def console_url(
    settings: Settings, database: Engine, rasa: tuple[RasaStandIn, str]
) -> Iterator[str]:
    new_case(database, "conv-support")
    new_case(database, "conv-billing", team="billing")
    with serving(create_app(settings, rasa_url=rasa[1], poll_interval_s=0.05)) as url:
        yield url


def test_a_new_tracker_event_reaches_the_team_that_may_see_it(
    console_url: str, database: Engine
) -> None:
    anna = logged_in(console_url, "anna@shop.test")  # support
    carl = logged_in(console_url, "carl@shop.test")  # billing
    with stream_of(anna) as annas, stream_of(carl) as carls:
        with Session(database) as session:
            store_conversation(session, "conv-support", [said("is anyone there?", 10.0, "greet")])
            store_conversation(session, "conv-billing", [said("my invoice is wrong", 11.0)])
        first = next(annas)
        assert first["type"] == "entry" and first["conversation_id"] == "conv-support"
        assert first["entry"]["kind"] == "customer"
        assert first["entry"]["text"] == "is anyone there?"
        # Carl's first event is billing's line: support's never reached him
        seen_by_carl = next(carls)
        assert seen_by_carl["conversation_id"] == "conv-billing"


def test_rasas_typing_notice_needs_the_live_token_and_reaches_the_stream(
    console_url: str,
) -> None:
    anna = logged_in(console_url, "anna@shop.test")
    body = {"conversation_id": "conv-support", "typing": True}
    refused = httpx.post(f"{console_url}/internal/typing", json=body)
    assert refused.status_code == 401
    wrong = httpx.post(
        f"{console_url}/internal/typing", json=body, headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 401
    with stream_of(anna) as events:
        told = httpx.post(
            f"{console_url}/internal/typing",
            json=body,
            headers={"Authorization": f"Bearer {LIVE_TOKEN}"},
        )
        assert told.json() == {"ok": True, "told": 1}
        event = next(events)
        assert event == {
            "type": "typing",
            "case_id": event["case_id"],
            "conversation_id": "conv-support",
            "typing": True,
        }


def test_a_claim_elsewhere_shows_up_as_a_case_change(console_url: str) -> None:
    anna = logged_in(console_url, "anna@shop.test")
    ben = logged_in(console_url, "ben@shop.test")
    case_id = anna.get("/api/cases?view=unassigned").json()[0]["case_id"]
    with stream_of(anna) as events:
        assert ben.post(f"/api/cases/{case_id}/claim").status_code == 200
        event = next(events)
        assert event["type"] == "case" and event["case_id"] == case_id
        assert event["status"] == "assigned" and event["assignee_id"] is not None
