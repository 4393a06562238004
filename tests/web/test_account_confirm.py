"""``/account/confirm``: a step-up link shows the change on GET and makes it on POST, once."""

from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from icrm_models.accounts.step_up import default_address_change, request_change
from icrm_models.clock import utc_now
from icrm_models.db.engine import make_engine
from icrm_models.db.schema import Customer, OutboxMessage
from icrm_models.mail.sending import render_for_sending
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import seed
from icrm_models.settings import Settings
from tests.helpers.shop import AS_OF
from web.server import create_app

NEW = "Hauptstraße 5, 10115 Berlin"


@pytest.fixture
def shop(tmp_path: Path) -> tuple[TestClient, Engine]:
    settings = Settings(data_dir=tmp_path, identity_secret="web-secret-" + "w" * 32)
    engine = make_engine(settings.resolved_database_url)
    seed(engine, SeedConfig(customers=12, as_of=AS_OF))
    return TestClient(create_app(settings, rasa_url="http://127.0.0.1:5999")), engine


def _link(engine: Engine) -> str:
    """A guest's default-address change for customer 2, and the token of the e-mail as sent."""
    with Session(engine) as session:
        now = utc_now()  # the page checks the link's expiry against the real clock
        request_change(
            session, customer_id=2, change=default_address_change(NEW, None, None), now=now
        )
        message_id = session.scalars(select(OutboxMessage.id)).one()
        mail = render_for_sending(session, message_id=message_id, now=now)
    assert mail is not None and "/account/confirm?token=" in mail.body
    return mail.body.split("?token=", 1)[1].split()[0]


def _address(engine: Engine) -> str | None:
    with Session(engine) as session:
        return session.get(Customer, 2).address  # type: ignore[union-attr]


def test_opening_the_link_asks_and_the_button_makes_the_change_once(
    shop: tuple[TestClient, Engine],
) -> None:
    client, engine = shop
    token = _link(engine)
    before = _address(engine)
    page = client.get("/account/confirm", params={"token": token})
    assert page.status_code == 200
    assert "make Hauptstraße 5, 10115 Berlin your default delivery address" in page.text
    assert "<form method=post" in page.text
    assert _address(engine) == before  # a mail scanner opening the link changes nothing
    done = client.post("/account/confirm", data={"token": token})
    assert done.status_code == 200 and "Done" in done.text
    assert _address(engine) == NEW
    again = client.post("/account/confirm", data={"token": token})
    assert again.status_code == 400 and "Nothing was changed" in again.text
    assert client.get("/account/confirm", params={"token": token}).status_code == 400


@pytest.mark.parametrize("token", ["", "junk", "<script>alert(1)</script>", "x" * 5000])
def test_a_bad_link_gets_a_polite_page(shop: tuple[TestClient, Engine], token: str) -> None:
    client, _ = shop
    for response in (
        client.get("/account/confirm", params={"token": token}),
        client.post("/account/confirm", data={"token": token}),
    ):
        assert response.status_code == 400
        assert "Nothing was changed" in response.text and "<script>" not in response.text
