from pathlib import Path

import pytest
from starlette.testclient import TestClient

from icrm_models.db.engine import make_engine
from icrm_models.identity import InvalidIdentityTokenError, verify_identity
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


def test_the_picker_lists_customers_by_name_only(client: TestClient) -> None:
    # No e-mail addresses or order numbers: together they let a guest pass as the customer.
    response = client.get("/api/customers")
    customers = response.json()
    assert len(customers) == 12
    assert customers[0] == {"id": 1, "name": "Roni Cost"}
    assert all(set(c) == {"id", "name"} for c in customers)
    assert "@" not in response.text and "10023" not in response.text


def test_login_returns_a_token_for_that_conversation_only(client: TestClient) -> None:
    body = client.post("/api/login", json={"customer_id": 3, "session_id": "conv-a"}).json()
    key = ("web-secret-" + "w" * 32).encode()
    assert verify_identity(body["identity_token"], key, session_id="conv-a") == 3
    with pytest.raises(InvalidIdentityTokenError, match="another conversation"):
        verify_identity(body["identity_token"], key, session_id="conv-b")
    assert body["expires_in"] <= 15 * 60
    assert body["name"] and body["orders"]  # the logged-in customer's own orders only


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"customer_id": 99999, "session_id": "s"}, 404),
        ({"customer_id": "abc", "session_id": "s"}, 400),
        ({"customer_id": 3}, 400),
        ({"customer_id": 3, "session_id": ""}, 400),
        ({"customer_id": 3, "session_id": "s" * 300}, 400),
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
    for huge in (1e30, 2**40):
        response = client.post("/api/login", json={"customer_id": huge, "session_id": "s"})
        assert response.status_code in (400, 404)


def test_the_demo_login_can_be_switched_off(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, demo_login=False)
    app = TestClient(create_app(settings, rasa_url="http://127.0.0.1:5999"))
    assert app.post("/api/login", json={"customer_id": 1}).status_code == 403
    assert app.get("/api/customers").json() == []


def test_the_demo_login_refuses_a_public_interface() -> None:
    from web.server import main

    with pytest.raises(SystemExit, match="refusing to serve the demo log-in"):
        main(["--host", "0.0.0.0"])
