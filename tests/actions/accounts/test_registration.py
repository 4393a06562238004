import pytest
from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from actions.accounts.messages import (
    REGISTRATION_ASK_EMAIL,
    REGISTRATION_RESENT,
    REGISTRATION_TIPS,
)
from actions.accounts.registration import ActionRegistrationProblems
from actions.errors import UNAVAILABLE
from tests.helpers.database import break_database
from tests.helpers.mail import outbox
from tests.helpers.runs import run_action
from tests.helpers.shop import shop_clock
from tests.helpers.trackers import build_tracker


def _said(text: str, email: str | None = None) -> Tracker:
    entities = [{"entity": "email", "value": email}] if email else []
    return build_tracker(text, "registration_problems", entities)


async def test_tips_and_how_to_get_a_new_link(db: Session) -> None:
    events, texts = await run_action(
        ActionRegistrationProblems(shop_clock), _said("I never got the verification email")
    )
    assert texts == [REGISTRATION_TIPS, REGISTRATION_ASK_EMAIL]
    assert "spam" in texts[0] and "24 hours" in texts[0] and "reset" in texts[0]
    assert events == []
    assert outbox(db) == []


async def test_with_an_address_the_link_is_sent_again_without_revealing_anything(
    db: Session,
) -> None:
    action = ActionRegistrationProblems(shop_clock)
    _, new = await run_action(
        action, _said("resend activation mail please, noah.b@example.com", "noah.b@example.com")
    )
    _, known = await run_action(
        action, _said("it says mia is already registered", "Veronica.Costello@example.com")
    )
    assert new == [REGISTRATION_TIPS, REGISTRATION_RESENT.format(email="noah.b@example.com")]
    assert known == [
        REGISTRATION_TIPS,
        REGISTRATION_RESENT.format(email="veronica.costello@example.com"),
    ]
    assert [(m.template, m.recipient) for m in outbox(db)] == [
        ("account_signup_link", "noah.b@example.com"),
        ("account_already_exists", "veronica.costello@example.com"),
    ]


async def test_a_broken_address_entity_is_ignored(db: Session) -> None:
    _, texts = await run_action(
        ActionRegistrationProblems(shop_clock), _said("error", "'; DROP TABLE x;--")
    )
    assert texts == [REGISTRATION_TIPS, REGISTRATION_ASK_EMAIL]
    assert outbox(db) == []


async def test_a_database_failure_becomes_an_honest_message(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.accounts.registration")
    events, texts = await run_action(
        ActionRegistrationProblems(shop_clock), _said("resend", "noah.b@example.com")
    )
    assert texts == [REGISTRATION_TIPS, UNAVAILABLE]
    assert events == []
