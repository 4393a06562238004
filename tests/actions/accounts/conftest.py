"""Helpers for the account actions' tests: run an action, read the shop's database."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from actions.services import services
from icrm_models.accounts.step_up_confirm import Confirmation, confirm_change
from icrm_models.db.schema import ConsentChange, Customer, OutboxMessage
from tests.conftest import AS_OF
from tests.icrm_models.accounts.conftest import sent_token

BOT_DOMAIN = Path(__file__).parents[3] / "bot" / "domain"


def fixed_clock() -> Any:
    return AS_OF


async def run(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[str]]:
    """The events ``action`` returns and the texts it says."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return events, [m["text"] for m in dispatcher.messages]


def slot(name: str, value: Any) -> dict[str, Any]:
    """A ``SlotSet`` event as rasa-sdk returns it."""
    return {"event": "slot", "timestamp": None, "name": name, "value": value}


@pytest.fixture
def db(shop_db: str) -> Iterator[Session]:
    """A session on the seeded shop the actions use (expire_all before reading)."""
    with services().sessions() as session:
        yield session


def outbox(session: Session) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def customer(session: Session, customer_id: int) -> Customer:
    session.expire_all()
    found = session.get(Customer, customer_id)
    assert found is not None
    return found


def open_link(session: Session, message_id: int) -> Confirmation:
    """Send outbox message ``message_id`` and open the confirmation link in it, as its owner."""
    session.expire_all()
    token = sent_token(session, message_id)
    return confirm_change(session, token=token, now=AS_OF, shop_name="Luma").outcome


def chat_consent_changes(session: Session) -> list[ConsentChange]:
    session.expire_all()
    return list(session.scalars(select(ConsentChange).where(ConsentChange.source == "chat")))


def break_database(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    """Make ``run_query`` in ``module`` fail as a database outage would."""

    async def broken(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("select", {}, Exception("database is down"))

    monkeypatch.setattr(f"{module}.run_query", broken)


@cache
def bot_domain() -> dict[str, Any]:
    """The forms and slots of the bot's identity and account domain files, as Rasa sends them."""
    domain: dict[str, Any] = {"forms": {}, "slots": {}}
    for name in ("identity.yml", "accounts.yml"):
        content = yaml.safe_load((BOT_DOMAIN / name).read_text(encoding="utf-8"))
        domain["forms"].update(content.get("forms") or {})
        domain["slots"].update(content.get("slots") or {})
    return domain


async def validate(form: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[str]]:
    """What a form validation action returns for ``tracker`` under the bot's real domain."""
    dispatcher = CollectingDispatcher()
    events = await form.run(dispatcher, tracker, bot_domain())
    return events, [m["text"] for m in dispatcher.messages]
