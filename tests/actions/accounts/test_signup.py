import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.accounts.messages import INVALID_EMAIL, SIGNUP_SENT
from actions.accounts.signup import ActionCreateAccount
from actions.accounts.signup_form import ValidateAccountCreationForm
from actions.errors import UNAVAILABLE
from tests.helpers.database import break_database
from tests.helpers.mail import outbox
from tests.helpers.runs import run_action, slot_set
from tests.helpers.shop import shop_clock
from tests.helpers.trackers import build_tracker

EMAIL = {"entity": "email", "value": "lena.hofmann@example.com"}


def _asked(email: str | None) -> Tracker:
    return build_tracker(
        email or "", "inform", slots={"signup_email": email}, active_loop="account_creation_form"
    )


async def test_a_new_address_gets_a_sign_up_link(db: Session) -> None:
    events, texts = await run_action(
        ActionCreateAccount(shop_clock), _asked("lena.hofmann@example.com")
    )
    assert texts == [SIGNUP_SENT.format(email="lena.hofmann@example.com")]
    assert events == [slot_set("signup_email", None)]
    [message] = outbox(db)
    assert (message.template, message.recipient) == (
        "account_signup_link",
        "lena.hofmann@example.com",
    )
    assert message.conversation_id == "conv-test"


async def test_a_registered_address_gets_exactly_the_same_answer(db: Session) -> None:
    _, new = await run_action(ActionCreateAccount(shop_clock), _asked("someone.new@example.com"))
    _, known = await run_action(ActionCreateAccount(shop_clock), _asked("roni_cost@example.com"))
    assert known == [SIGNUP_SENT.format(email="roni_cost@example.com")]
    assert new == [SIGNUP_SENT.format(email="someone.new@example.com")]
    assert [m.template for m in outbox(db)] == ["account_signup_link", "account_already_exists"]


@pytest.mark.parametrize(
    "value", [None, "not an email", "x" * 10_000, "'; DROP TABLE customers; --"]
)
async def test_no_valid_address_no_email(db: Session, value: str | None) -> None:
    events, texts = await run_action(ActionCreateAccount(shop_clock), _asked(value))
    assert texts == [INVALID_EMAIL]
    assert events == [slot_set("signup_email", None)]
    assert outbox(db) == []


async def test_a_database_failure_becomes_an_honest_message(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.accounts.email_link")
    events, texts = await run_action(
        ActionCreateAccount(shop_clock), _asked("lena.hofmann@example.com")
    )
    assert (events, texts) == ([], [UNAVAILABLE])


# -- the form ---------------------------------------------------------------------------------


async def test_the_address_in_the_request_fills_the_form(shop_db: str) -> None:
    tracker = build_tracker(
        "can I make an account with my email lena.hofmann@example.com?", "create_account", [EMAIL]
    )
    events, texts = await run_action(ValidateAccountCreationForm(), tracker)
    assert events == [slot_set("signup_email", "lena.hofmann@example.com")]
    assert texts == []


async def test_a_request_without_an_address_leaves_the_question(shop_db: str) -> None:
    events, _ = await run_action(
        ValidateAccountCreationForm(), build_tracker("sign me up", "create_account")
    )
    assert events == []


async def test_the_answer_is_read_from_the_text(shop_db: str) -> None:
    tracker = build_tracker(
        "it's Lena.Hofmann@Example.com",
        "inform",
        slots={"requested_slot": "signup_email"},
        active_loop="account_creation_form",
    )
    events, _ = await run_action(ValidateAccountCreationForm(), tracker)
    assert events == [slot_set("signup_email", "lena.hofmann@example.com")]


async def test_a_wrong_answer_is_asked_again(shop_db: str) -> None:
    tracker = build_tracker(
        "no idea 🙂",
        "inform",
        slots={"requested_slot": "signup_email"},
        active_loop="account_creation_form",
    )
    events, texts = await run_action(ValidateAccountCreationForm(), tracker)
    assert events == [slot_set("signup_email", None)]
    assert texts == [INVALID_EMAIL]


async def test_a_policy_question_is_not_an_answer(shop_db: str) -> None:
    tracker = build_tracker(
        "what's your refund policy for a@b.org?",
        "check_refund_policy",
        [{"entity": "email", "value": "a@b.org"}],
        slots={"requested_slot": "signup_email"},
        active_loop="account_creation_form",
    )
    events, _ = await run_action(ValidateAccountCreationForm(), tracker)
    assert events == []


def test_validation_normalises() -> None:
    dispatcher = CollectingDispatcher()
    form = ValidateAccountCreationForm()
    tracker = build_tracker("x", "inform")
    assert form.validate_signup_email(" <A@B.org> ", dispatcher, tracker, {}) == {
        "signup_email": "a@b.org"
    }
    assert dispatcher.messages == []
