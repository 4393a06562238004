"""The queue and one case: visibility, the audit, claiming, notes, transfer and closing."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from icrm_models.db.tables.live import AgentAudit, LiveCase
from tests.console.conftest import log_in, new_case
from tests.console.servers import RasaStandIn
from tests.helpers.rasa_events import said, store_conversation


def test_the_queue_lists_the_teams_cases_with_their_first_message(
    client: TestClient, database: Engine
) -> None:
    new_case(database, "conv-1", first_message="my parcel is lost")
    new_case(database, "conv-2", team="billing")
    log_in(client, "anna@shop.test")
    rows = client.get("/api/cases?view=unassigned").json()
    assert [r["conversation_id"] for r in rows] == ["conv-1"]  # billing's case is not hers
    assert rows[0]["first_message"] == "my parcel is lost" and rows[0]["wait_seconds"] >= 0
    assert client.get("/api/cases?view=mine").json() == []
    assert client.get("/api/cases?view=everything").status_code == 400


def test_an_agent_opening_another_teams_case_gets_403(client: TestClient, database: Engine) -> None:
    billing = new_case(database, "conv-9", team="billing")
    log_in(client, "anna@shop.test")
    for path in (f"/api/cases/{billing}", f"/api/cases/{billing}/customer"):
        answer = client.get(path)
        assert answer.status_code == 403 and answer.json() == {
            "error": "This case belongs to another team."
        }
    assert client.post(f"/api/cases/{billing}/claim").status_code == 403
    assert client.get("/api/cases/999").status_code == 404


def test_opening_a_case_shows_the_transcript_and_is_audited(
    client: TestClient, database: Engine
) -> None:
    case_id = new_case(database, "conv-1")
    with Session(database) as session:
        store_conversation(session, "conv-1", [said("where is my parcel", 1.0, "track_order")])
    log_in(client, "anna@shop.test")
    body = client.get(f"/api/cases/{case_id}").json()
    assert body["case"]["status"] == "queued"
    assert [(e["kind"], e["text"], e["intent"]) for e in body["transcript"]] == [
        ("customer", "where is my parcel", "track_order")
    ]
    with Session(database) as session:
        actions = session.scalars(select(AgentAudit.action)).all()
    assert actions == ["open_case"]


def test_two_agents_claiming_at_once_one_wins_one_gets_409(
    client: TestClient, database: Engine, rasa: tuple[RasaStandIn, str]
) -> None:
    case_id = new_case(database)
    other = TestClient(client.app)
    log_in(client, "anna@shop.test")
    log_in(other, "ben@shop.test")
    start = threading.Barrier(2)
    answers: dict[str, tuple[int, dict[str, str]]] = {}

    def take(name: str, agent_client: TestClient) -> None:
        start.wait()
        answer = agent_client.post(f"/api/cases/{case_id}/claim")
        answers[name] = (answer.status_code, answer.json())

    threads = [
        threading.Thread(target=take, args=("anna", client)),
        threading.Thread(target=take, args=("ben", other)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    statuses = sorted(status for status, _ in answers.values())
    assert statuses == [200, 409]
    winner = next(name for name, (status, _) in answers.items() if status == 200)
    loser_body = next(body for status, body in answers.values() if status == 409)
    winner_name = {"anna": "Anna Berg", "ben": "Ben Ode"}[winner]
    assert loser_body == {"error": f"{winner_name} already took this conversation"}
    stand_in, _ = rasa
    assert stand_in.kinds() == ["joined"]
    assert stand_in.received[0]["agent"]["name"] == winner_name
    with Session(database) as session:
        live_case = session.get(LiveCase, case_id)
        assert live_case is not None and live_case.status == "assigned"


def test_notes_stay_private_and_system_lines_record_the_claim(
    client: TestClient, database: Engine, rasa: tuple[RasaStandIn, str]
) -> None:
    case_id = new_case(database)
    log_in(client, "anna@shop.test")
    client.post(f"/api/cases/{case_id}/claim")
    notes = client.post(f"/api/cases/{case_id}/note", json={"text": "angry, offer a voucher"})
    assert [(n["kind"], n["text"]) for n in notes.json()["notes"]] == [
        ("system", "claimed by Anna Berg"),
        ("note", "angry, offer a voucher"),
    ]
    assert client.post(f"/api/cases/{case_id}/note", json={"text": "  "}).status_code == 400
    assert "note" not in rasa[0].kinds()  # nothing of it went to the customer


def test_transfer_to_a_colleague_then_close_with_a_rating_request(
    client: TestClient, database: Engine, rasa: tuple[RasaStandIn, str]
) -> None:
    case_id = new_case(database)
    ben = TestClient(client.app)
    log_in(client, "anna@shop.test")
    log_in(ben, "ben@shop.test")
    client.post(f"/api/cases/{case_id}/claim")
    ben_id = ben.get("/api/me").json()["agent"]["id"]
    assert client.post(f"/api/cases/{case_id}/transfer", json={"agent_id": ben_id}).json() == {
        "ok": True
    }
    # Anna no longer holds it: she may not close it, Ben may
    refused = client.post(f"/api/cases/{case_id}/close", json={"resolution": "solved"})
    assert refused.status_code == 409
    closed = ben.post(
        f"/api/cases/{case_id}/close", json={"resolution": "solved", "category": "delivery"}
    )
    assert closed.status_code == 200
    assert rasa[0].kinds() == ["joined", "csat_request"]
    body = ben.get(f"/api/cases/{case_id}").json()
    assert body["case"]["status"] == "closed" and body["case"]["resolution_category"] == "delivery"
    assert any(n["text"].startswith("transferred to Ben Ode") for n in body["notes"])


def test_a_guests_customer_panel_says_guest_not_verified(
    client: TestClient, database: Engine
) -> None:
    case_id = new_case(database)
    log_in(client, "anna@shop.test")
    assert client.get(f"/api/cases/{case_id}/customer").json() == {
        "verified": False,
        "label": "guest, not verified",
    }


def test_canned_replies_are_filled_with_visible_gaps(client: TestClient, database: Engine) -> None:
    from icrm_models.live.canned import seed_canned_replies

    with Session(database) as session:
        seed_canned_replies(session)
        session.commit()
    case_id = new_case(database)
    log_in(client, "anna@shop.test")
    replies = {r["shortcut"]: r["text"] for r in client.get(f"/api/canned?case={case_id}").json()}
    assert replies["hello"].startswith("Hi [first name], this is Anna Berg")
    assert "None" not in "".join(replies.values())


def test_the_supervisor_sees_every_agents_load(client: TestClient, database: Engine) -> None:
    log_in(client, "sue@shop.test")
    loads = client.get("/api/agents").json()
    assert {row["display_name"] for row in loads} == {
        "Anna Berg",
        "Ben Ode",
        "Carl Dax",
        "Sue Vise",
    }
    assert all("open_cases" in row for row in loads)
    agent = TestClient(client.app)
    log_in(agent, "anna@shop.test")
    assert all("email" not in row for row in agent.get("/api/agents").json())


def test_a_verified_customers_panel_is_shown_and_audited(
    client: TestClient, database: Engine
) -> None:
    from icrm_models.seed.config import SeedConfig
    from icrm_models.seed.run import seed
    from tests.helpers.shop import AS_OF

    seed(database, SeedConfig(customers=12, as_of=AS_OF))
    with Session(database) as session:
        live_case = session.get(LiveCase, new_case(database))
        assert live_case is not None
        live_case.customer_id = 1
        session.commit()
        case_id = live_case.id
    log_in(client, "anna@shop.test")
    panel = client.get(f"/api/cases/{case_id}/customer").json()
    assert panel["verified"] is True and panel["name"] == "Roni Cost"
    assert panel["orders"] and all("order_id" in o for o in panel["orders"])
    with Session(database) as session:
        lines = session.execute(select(AgentAudit.action, AgentAudit.customer_id)).all()
    assert ("view_customer", 1) in lines
