"""What the console sends Rasa's live route (a stand-in on a real port in these unit tests),
and what the agent sees when Rasa refuses."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from console.server import create_app
from icrm_models.db.schema import Product
from icrm_models.db.tables.live import LiveCase
from icrm_models.settings import Settings
from tests.console.conftest import LIVE_TOKEN, log_in, new_case
from tests.console.servers import RasaStandIn, free_port
from tests.helpers.rasa_events import said, store_conversation


def claimed(client: TestClient, database: Engine, email: str = "anna@shop.test") -> int:
    case_id = new_case(database)
    log_in(client, email)
    assert client.post(f"/api/cases/{case_id}/claim").status_code == 200
    return case_id


def test_a_reply_goes_to_rasa_with_the_live_token_and_the_agent(
    client: TestClient, database: Engine, rasa: tuple[RasaStandIn, str]
) -> None:
    stand_in, _ = rasa
    case_id = claimed(client, database)
    answer = client.post(f"/api/cases/{case_id}/reply", json={"text": "Hi, I'm Anna."})
    assert answer.status_code == 200
    assert stand_in.headers[-1] == f"Bearer {LIVE_TOKEN}"
    anna_id = client.get("/api/me").json()["agent"]["id"]
    assert stand_in.received[-1] == {
        "conversation_id": "conv-1",
        "kind": "message",
        "agent": {"id": anna_id, "name": "Anna Berg"},
        "text": "Hi, I'm Anna.",
    }
    with Session(database) as session:
        live_case = session.get(LiveCase, case_id)
        assert live_case is not None and live_case.first_agent_reply_at is not None


def test_when_rasa_refuses_the_agent_reads_why_and_nothing_is_recorded(
    client: TestClient, database: Engine, rasa: tuple[RasaStandIn, str]
) -> None:
    stand_in, _ = rasa
    case_id = claimed(client, database)
    stand_in.refuse_with = 404
    answer = client.post(f"/api/cases/{case_id}/reply", json={"text": "Hello?"})
    assert answer.status_code == 502
    assert answer.json() == {
        "error": "The assistant's server refused it (no such conversation), "
        "so the customer did not get it."
    }
    with Session(database) as session:
        live_case = session.get(LiveCase, case_id)
        assert live_case is not None and live_case.first_agent_reply_at is None


def test_an_unreachable_rasa_is_a_clear_502(settings: Settings, database: Engine) -> None:
    case_id = new_case(database)
    with TestClient(create_app(settings, rasa_url=f"http://127.0.0.1:{free_port()}")) as client:
        log_in(client, "anna@shop.test")
        answer = client.post(f"/api/cases/{case_id}/claim")
        assert answer.status_code == 200  # the case is hers; the customer was not told
        assert "cannot be reached" in answer.json()["warning"]
        reply = client.post(f"/api/cases/{case_id}/reply", json={"text": "Hello"})
        assert reply.status_code == 502
        assert reply.json()["error"].startswith("The assistant's server cannot be reached")


def test_only_the_agent_holding_the_case_replies(
    client: TestClient, database: Engine, rasa: tuple[RasaStandIn, str]
) -> None:
    case_id = new_case(database)
    log_in(client, "anna@shop.test")
    answer = client.post(f"/api/cases/{case_id}/reply", json={"text": "Hi"})
    assert answer.status_code == 409 and answer.json() == {
        "error": "Claim this conversation first."
    }
    assert rasa[0].received == []


def test_hand_back_resumes_the_bot_and_typing_is_passed_on(
    client: TestClient, database: Engine, rasa: tuple[RasaStandIn, str]
) -> None:
    stand_in, _ = rasa
    case_id = claimed(client, database)
    assert client.post(f"/api/cases/{case_id}/typing", json={"typing": True}).status_code == 200
    assert client.post(f"/api/cases/{case_id}/handback").status_code == 200
    assert stand_in.kinds() == ["joined", "typing", "resume"]
    assert stand_in.received[1]["typing"] is True
    assert client.get(f"/api/cases/{case_id}").json()["case"]["status"] == "with_bot"


def test_a_product_card_goes_as_the_widgets_custom_payload(
    client: TestClient, database: Engine, rasa: tuple[RasaStandIn, str]
) -> None:
    with Session(database) as session:
        session.add(
            Product(sku="MJ01", name="Beaumont Summit Kit", category="Men/Tops/Jackets", price=42)
        )
        session.commit()
    case_id = claimed(client, database)
    assert (
        client.post(f"/api/cases/{case_id}/send_product", json={"sku": "NOPE"}).status_code == 404
    )
    assert (
        client.post(f"/api/cases/{case_id}/send_product", json={"sku": "MJ01"}).status_code == 200
    )
    sent = rasa[0].received[-1]
    assert sent["kind"] == "product" and sent["text"] == "Anna Berg recommends: Beaumont Summit Kit"
    card = sent["custom"]["cards"][0]
    assert sent["custom"]["type"] == "product_cards"
    assert (card["sku"], card["price"], card["reason"]) == (
        "MJ01",
        "42.00",
        "recommended by Anna Berg",
    )


def test_taking_over_a_bot_conversation_pauses_it_and_opens_a_case_for_the_agent(
    client: TestClient, database: Engine, rasa: tuple[RasaStandIn, str]
) -> None:
    with Session(database) as session:
        store_conversation(session, "conv-live", [said("do you ship to Norway?", 1e10)])
    log_in(client, "anna@shop.test")
    answer = client.post("/api/conversations/conv-live/take_over")
    assert answer.status_code == 200, answer.text
    assert rasa[0].kinds() == ["pause", "joined"]
    with Session(database) as session:
        live_case = session.scalar(select(LiveCase).where(LiveCase.conversation_id == "conv-live"))
        assert live_case is not None
        assert (live_case.reason, live_case.status) == ("agent_pick", "assigned")
    again = client.post("/api/conversations/conv-live/take_over")
    assert again.status_code == 409
