import pytest
from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from actions.accounts.messages import ALREADY_THAT_TYPE, NOT_VERIFIED, SWITCHED, TYPE_UNCLEAR
from actions.accounts.switch import ActionSwitchAccount
from actions.accounts.switch_form import ValidateSwitchAccountForm
from actions.errors import UNAVAILABLE
from tests.helpers.database import break_database
from tests.helpers.identity import token_for
from tests.helpers.records import customer
from tests.helpers.runs import run_action, slot_set
from tests.helpers.trackers import build_tracker

RESET = [slot_set("account_type", None)]


def _complete(account_type: str, token: str | None) -> Tracker:
    return build_tracker(
        account_type,
        "inform",
        slots={"account_type": account_type},
        token=token,
        active_loop="switch_account_form",
    )


async def test_a_personal_account_becomes_a_business_account(db: Session) -> None:
    events, texts = await run_action(ActionSwitchAccount(), _complete("business", token_for(1)))
    assert texts == [SWITCHED.format(account_type="business")]
    assert events == RESET
    assert customer(db, 1).account_type == "business"
    assert customer(db, 2).account_type == "personal"


async def test_already_that_type_is_said_so(db: Session) -> None:
    _, texts = await run_action(ActionSwitchAccount(), _complete("business", token_for(3)))
    assert texts == [ALREADY_THAT_TYPE.format(account_type="business")]


@pytest.mark.parametrize("token", [None, "forged.token"])
async def test_without_a_valid_identity_nothing_changes(db: Session, token: str | None) -> None:
    events, texts = await run_action(ActionSwitchAccount(), _complete("business", token))
    assert texts == [NOT_VERIFIED]
    assert events == RESET
    assert customer(db, 1).account_type == "personal"


@pytest.mark.parametrize(
    "value", ["vip", "x" * 10_000, "'; UPDATE customers SET account_type='business'; --", ""]
)
async def test_strange_types_are_refused_politely(db: Session, value: str) -> None:
    _, texts = await run_action(ActionSwitchAccount(), _complete(value, token_for(1)))
    assert texts == [TYPE_UNCLEAR]
    assert customer(db, 1).account_type == "personal"


async def test_a_database_failure_becomes_an_honest_message(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.accounts.switch")
    events, texts = await run_action(ActionSwitchAccount(), _complete("business", token_for(1)))
    assert (events, texts) == ([], [UNAVAILABLE])


async def test_the_form_reads_the_type_from_the_request(shop_db: str) -> None:
    tracker = build_tracker(
        "switch to my business account",
        "switch_account",
        [{"entity": "account_type", "value": "business"}],
        token=token_for(1),
    )
    assert await run_action(ValidateSwitchAccountForm(), tracker) == (
        [slot_set("account_type", "business")],
        [],
    )
    tracker = build_tracker(
        "change from my company account to my private one", "switch_account", token=token_for(1)
    )
    assert await run_action(ValidateSwitchAccountForm(), tracker) == (
        [slot_set("account_type", "personal")],
        [],
    )


async def test_the_form_asks_when_the_request_names_no_type(shop_db: str) -> None:
    tracker = build_tracker("log me into a different account", "switch_account", token=token_for(1))
    assert await run_action(ValidateSwitchAccountForm(), tracker) == ([], [])


async def test_an_unclear_answer_is_asked_again(shop_db: str) -> None:
    tracker = build_tracker(
        "hmm 🙂",
        "inform",
        slots={"requested_slot": "account_type"},
        token=token_for(1),
        active_loop="switch_account_form",
    )
    assert await run_action(ValidateSwitchAccountForm(), tracker) == (
        [slot_set("account_type", None)],
        [TYPE_UNCLEAR],
    )
    tracker = build_tracker(
        "the [bussiness] one",
        "inform",
        [{"entity": "account_type", "value": "bussiness"}],
        slots={"requested_slot": "account_type"},
        token=token_for(1),
        active_loop="switch_account_form",
    )
    assert await run_action(ValidateSwitchAccountForm(), tracker) == (
        [slot_set("account_type", "business")],
        [],
    )
