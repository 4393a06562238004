import pytest
from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from actions.accounts.delete import ActionDeleteAccount
from actions.accounts.delete_form import ValidateDeleteAccountForm
from actions.accounts.messages import DELETED, KEPT, NOT_VERIFIED, STEP_UP_SENT
from actions.errors import UNAVAILABLE
from icrm_models.accounts.deletion import erased_email
from icrm_models.accounts.step_up_confirm import Confirmation, confirm_change
from tests.helpers.database import break_database
from tests.helpers.identity import proof_for, token_for
from tests.helpers.mail import outbox, sent_token
from tests.helpers.records import chat_consent_changes, customer
from tests.helpers.runs import run_action, slot_set
from tests.helpers.shop import AS_OF, shop_clock
from tests.helpers.trackers import build_tracker

RESET = [slot_set("confirmation", None)]


def _answered(text: str, intent: str, confirmation: bool | None, token: str | None) -> Tracker:
    return build_tracker(
        text,
        intent,
        slots={"confirmation": confirmation},
        token=token,
        active_loop="delete_account_form",
    )


async def test_yes_deletes_the_account(db: Session) -> None:
    events, texts = await run_action(
        ActionDeleteAccount(shop_clock), _answered("yes", "affirm", True, token_for(2))
    )
    assert texts == [DELETED]
    assert events == RESET
    deleted = customer(db, 2)
    assert deleted.deleted_at == AS_OF and deleted.email == erased_email(2)
    assert not deleted.newsletter_consent and not deleted.marketing_consent
    assert [(c.consent, c.granted, c.conversation_id) for c in chat_consent_changes(db)] == [
        ("marketing", False, "conv-test"),
        ("newsletter", False, "conv-test"),
    ]
    [confirmation] = outbox(db)
    assert (confirmation.template, confirmation.recipient) == (
        "account_deleted",
        "veronica.costello@example.com",
    )
    assert customer(db, 1).deleted_at is None


async def test_a_guest_s_yes_only_sends_a_link_and_the_link_deletes_the_account(
    db: Session,
) -> None:
    """Proven in the chat (e-mail + order number): the account's mailbox must confirm."""
    guest = build_tracker(
        "yes",
        "affirm",
        slots={"confirmation": True, "verified_customer_id": proof_for(2, 10021)},
        active_loop="delete_account_form",
    )
    events, texts = await run_action(ActionDeleteAccount(shop_clock), guest)
    assert texts == [STEP_UP_SENT]
    assert events == RESET
    assert customer(db, 2).deleted_at is None
    [link] = outbox(db)
    assert (link.template, link.recipient) == (
        "account_change_confirm",
        "veronica.costello@example.com",
    )
    assert "delete your account" in link.body
    token = sent_token(db, link.id)
    assert confirm_change(db, token=token, now=AS_OF, shop_name="Luma").outcome is (
        Confirmation.APPLIED
    )
    assert customer(db, 2).deleted_at is not None
    again = confirm_change(db, token=token, now=AS_OF, shop_name="Luma")
    assert again.outcome is Confirmation.INVALID  # once only


async def test_no_keeps_the_account(db: Session) -> None:
    events, texts = await run_action(
        ActionDeleteAccount(shop_clock), _answered("no", "deny", False, token_for(2))
    )
    assert texts == [KEPT]
    assert events == RESET
    assert customer(db, 2).deleted_at is None and outbox(db) == []


async def test_a_yes_that_is_not_the_latest_answer_deletes_nothing(db: Session) -> None:
    """A confirmation left over from another form is never enough."""
    _, texts = await run_action(
        ActionDeleteAccount(shop_clock),
        _answered("delete my account", "delete_account", True, token_for(2)),
    )
    assert texts == [KEPT]
    assert customer(db, 2).deleted_at is None


@pytest.mark.parametrize("token", [None, "forged.token", token_for(2) + "x"])
async def test_without_a_valid_identity_nothing_is_deleted(db: Session, token: str | None) -> None:
    events, texts = await run_action(
        ActionDeleteAccount(shop_clock), _answered("yes", "affirm", True, token)
    )
    assert texts == [NOT_VERIFIED]
    assert events == RESET
    assert customer(db, 2).deleted_at is None


async def test_an_already_deleted_account(db: Session) -> None:
    await run_action(
        ActionDeleteAccount(shop_clock), _answered("yes", "affirm", True, token_for(2))
    )
    _, texts = await run_action(
        ActionDeleteAccount(shop_clock), _answered("yes", "affirm", True, token_for(2))
    )
    assert texts == [NOT_VERIFIED]
    assert len(outbox(db)) == 1


async def test_a_database_failure_becomes_an_honest_message(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.accounts.delete")
    events, texts = await run_action(
        ActionDeleteAccount(shop_clock), _answered("yes", "affirm", True, token_for(2))
    )
    assert (events, texts) == ([], [UNAVAILABLE])


async def test_the_form_forgets_an_earlier_yes_when_it_starts(shop_db: str) -> None:
    tracker = build_tracker(
        "delete my account", "delete_account", slots={"confirmation": True}, token=token_for(2)
    )
    assert await run_action(ValidateDeleteAccountForm(), tracker) == (
        [slot_set("confirmation", None)],
        [],
    )


@pytest.mark.parametrize(
    ("text", "intent", "value"), [("yes", "affirm", True), ("no", "deny", False)]
)
async def test_the_form_takes_yes_or_no_when_it_asks(
    shop_db: str, text: str, intent: str, value: bool
) -> None:
    tracker = build_tracker(
        text,
        intent,
        slots={"requested_slot": "confirmation"},
        token=token_for(2),
        active_loop="delete_account_form",
    )
    assert await run_action(ValidateDeleteAccountForm(), tracker) == (
        [slot_set("confirmation", value)],
        [],
    )


async def test_the_form_takes_nothing_else_as_an_answer(shop_db: str) -> None:
    tracker = build_tracker(
        "what happens to my orders?",
        "delete_account",
        slots={"requested_slot": "confirmation"},
        token=token_for(2),
        active_loop="delete_account_form",
    )
    assert await run_action(ValidateDeleteAccountForm(), tracker) == ([], [])
