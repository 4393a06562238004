import pytest
from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from actions.accounts.messages import INVALID_EMAIL, RESET_SENT
from actions.accounts.password import ActionRecoverPassword
from actions.accounts.password_form import ValidatePasswordResetForm
from actions.errors import UNAVAILABLE
from tests.helpers.database import break_database
from tests.helpers.mail import outbox
from tests.helpers.runs import run_action, slot_set
from tests.helpers.shop import shop_clock
from tests.helpers.trackers import build_tracker


def _asked(email: str | None) -> Tracker:
    return build_tracker(
        email or "", "inform", slots={"reset_email": email}, active_loop="password_reset_form"
    )


async def test_a_registered_address_gets_a_reset_link(db: Session) -> None:
    events, texts = await run_action(
        ActionRecoverPassword(shop_clock), _asked("roni_cost@example.com")
    )
    assert texts == [RESET_SENT.format(email="roni_cost@example.com")]
    assert events == [slot_set("reset_email", None)]
    [message] = outbox(db)
    assert (message.template, message.recipient, message.customer_id) == (
        "password_reset_link",
        "roni_cost@example.com",
        1,
    )


async def test_an_unknown_address_gets_the_same_answer_and_no_email(db: Session) -> None:
    events, texts = await run_action(
        ActionRecoverPassword(shop_clock), _asked("nobody@example.org")
    )
    assert texts == [RESET_SENT.format(email="nobody@example.org")]
    assert events == [slot_set("reset_email", None)]
    assert outbox(db) == []


@pytest.mark.parametrize("value", [None, "\x00", "\u202eroni_cost@example.com"])
async def test_no_valid_address_no_email(db: Session, value: str | None) -> None:
    _, texts = await run_action(ActionRecoverPassword(shop_clock), _asked(value))
    assert texts == [INVALID_EMAIL]
    assert outbox(db) == []


async def test_a_database_failure_becomes_an_honest_message(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.accounts.email_link")
    events, texts = await run_action(
        ActionRecoverPassword(shop_clock), _asked("roni_cost@example.com")
    )
    assert (events, texts) == ([], [UNAVAILABLE])


async def test_the_form_takes_the_address_from_the_request(shop_db: str) -> None:
    tracker = build_tracker(
        "send reset link to dave99@example.org",
        "recover_password",
        [{"entity": "email", "value": "dave99@example.org"}],
    )
    events, _ = await run_action(ValidatePasswordResetForm(), tracker)
    assert events == [slot_set("reset_email", "dave99@example.org")]


async def test_the_form_ignores_an_address_given_for_something_else(shop_db: str) -> None:
    """An e-mail typed while another form asks for something else is not the reset address."""
    tracker = build_tracker(
        "roni_cost@example.com",
        "inform",
        [{"entity": "email", "value": "roni_cost@example.com"}],
        slots={"requested_slot": "identity_email"},
    )
    events, _ = await run_action(ValidatePasswordResetForm(), tracker)
    assert events == []
