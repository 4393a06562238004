from pathlib import Path

import pytest
from starlette.testclient import TestClient

from icrm_models.db.engine import make_engine
from icrm_models.identity import verify_identity
from icrm_models.seed.run import seed
from icrm_models.seed.synthetic import SeedConfig
from icrm_models.settings import Settings
from tests.conftest import AS_OF
from web.server import create_app


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    settings = Settings(data_dir=tmp_path, identity_secret="web-secret-" + "w" * 32)
    engine = make_engine(settings.resolved_database_url)
    seed(engine, SeedConfig(customers=15, as_of=AS_OF))
    engine.dispose()
    return TestClient(create_app(settings, rasa_url="http://127.0.0.1:5999"))


def test_the_page_and_its_scripts_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'id="customer-picker"' in page.text
    assert client.get("/static/chat.js").status_code == 200
    assert client.get("/static/vendor/socket.io.min.js").status_code == 200
    assert client.get("/api/config").json() == {
        "rasa_url": "http://127.0.0.1:5999",
        "socket_path": "/socket.io",
    }


def test_the_picker_lists_customers_with_their_orders(client: TestClient) -> None:
    customers = client.get("/api/customers").json()
    assert len(customers) == 12
    assert customers[0]["name"] == "Roni Cost"
    assert customers[0]["orders"][0] == {"id": 10023, "status": "shipped"}


def test_login_returns_a_token_the_action_server_trusts(client: TestClient) -> None:
    body = client.post("/api/login", json={"customer_id": 3}).json()
    assert verify_identity(body["identity_token"], ("web-secret-" + "w" * 32).encode()) == 3


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"customer_id": 99999}, 404),
        ({"customer_id": "abc"}, 400),
        ({}, 400),
    ],
)
def test_bad_logins_get_clear_errors(client: TestClient, payload: dict, status: int) -> None:
    response = client.post("/api/login", json=payload)
    assert response.status_code == status and "error" in response.json()


def test_products_in_stock_are_featured(client: TestClient) -> None:
    products = client.get("/api/products").json()
    assert 0 < len(products) <= 8 and all(float(p["price"]) > 0 for p in products)


def test_huge_ids_and_deleted_customers_get_no_token(client: TestClient, tmp_path: Path) -> None:
    assert client.post("/api/login", json={"customer_id": 1e30}).status_code in (400, 404)
    assert client.post("/api/login", json={"customer_id": 2**40}).status_code == 404


def test_the_demo_login_can_be_switched_off(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, demo_login=False)
    app = TestClient(create_app(settings, rasa_url="http://127.0.0.1:5999"))
    assert app.post("/api/login", json={"customer_id": 1}).status_code == 403
    assert app.get("/api/customers").json() == []


def test_the_demo_login_refuses_a_public_interface() -> None:
    from web.server import main

    with pytest.raises(SystemExit, match="refusing to serve the demo log-in"):
        main(["--host", "0.0.0.0"])
