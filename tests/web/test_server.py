from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from icrm_models.db.engine import make_engine
from icrm_models.db.schema import Product
from icrm_models.identity import InvalidIdentityTokenError, verify_identity
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import seed
from icrm_models.settings import Settings
from tests.helpers.shop import AS_OF
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
    assert client.get("/widget.js").status_code == 200
    assert client.get("/static/shop.js").status_code == 200
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
def test_malformed_or_unknown_logins_are_refused_with_an_error(
    client: TestClient, payload: dict, status: int
) -> None:
    response = client.post("/api/login", json=payload)
    assert response.status_code == status and "error" in response.json()


def test_the_shop_window_shows_one_product_in_stock_per_category(
    client: TestClient, tmp_path: Path
) -> None:
    products = client.get("/api/products").json()
    assert 0 < len(products) <= 8 and all(float(p["price"]) > 0 for p in products)
    categories = [p["category"] for p in products]
    assert len(categories) == len(set(categories))
    skus = [p["sku"] for p in products]
    settings = Settings(data_dir=tmp_path, identity_secret="web-secret-" + "w" * 32)
    engine = make_engine(settings.resolved_database_url)  # the client's shop
    try:
        with Session(engine) as session:
            rows = session.execute(select(Product.sku, Product.stock).where(Product.sku.in_(skus)))
            stock = {sku: count for sku, count in rows}
            assert all(stock[sku] > 0 for sku in skus)
            session.scalars(select(Product).where(Product.sku == skus[0])).one().stock = 0
            session.commit()
    finally:
        engine.dispose()
    assert skus[0] not in {p["sku"] for p in client.get("/api/products").json()}


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


def test_every_answer_has_the_fields_of_its_typed_contract(client: TestClient) -> None:
    from web.payloads import (
        ConfigBody,
        ErrorBody,
        FeaturedProduct,
        HealthBody,
        LoginBody,
        OrderSummary,
        PickerCustomer,
    )

    def keys(contract: type) -> set[str]:
        return set(contract.__required_keys__)  # type: ignore[attr-defined]

    assert set(client.get("/healthz").json()) == keys(HealthBody)
    assert set(client.get("/api/config").json()) == keys(ConfigBody)
    assert all(set(c) == keys(PickerCustomer) for c in client.get("/api/customers").json())
    assert all(set(p) == keys(FeaturedProduct) for p in client.get("/api/products").json())
    login = client.post("/api/login", json={"customer_id": 3, "session_id": "s"}).json()
    assert set(login) == keys(LoginBody)
    assert all(set(order) == keys(OrderSummary) for order in login["orders"])
    refused = client.post("/api/login", json={}).json()
    assert set(refused) == keys(ErrorBody)


def test_the_port_and_rasas_url_default_to_the_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from web.server import main

    monkeypatch.setenv("ICRM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ICRM_WEB_PORT", "8123")
    monkeypatch.setenv("ICRM_RASA_PORT", "5123")
    served: dict[str, object] = {}
    monkeypatch.setattr(
        "web.server.uvicorn.run", lambda app, **options: served.update(app=app, **options)
    )
    main([])
    assert served["port"] == 8123 and served["host"] == "127.0.0.1"
    config = TestClient(served["app"]).get("/api/config").json()  # type: ignore[arg-type]
    assert config["rasa_url"] == "http://127.0.0.1:5123"
    main(["--port", "8200", "--rasa-url", "https://chat.shop.example"])
    assert served["port"] == 8200
