from typing import Any

import pytest
from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from actions.accounts.change import ActionEditAccount
from actions.accounts.change_form import ValidateAccountChangeForm
from actions.accounts.messages import (
    EMAIL_CONFIRM_SENT,
    EMAIL_UNAVAILABLE,
    EMAIL_UNAVAILABLE_RETRY,
    FIELD_UNKNOWN,
    FIELD_UNSUPPORTED,
    INVALID_VALUE,
    NOT_VERIFIED,
    STEP_UP_SENT,
    UNCHANGED,
    UPDATED,
)
from actions.errors import UNAVAILABLE
from actions.services import services
from icrm_models.accounts.step_up_confirm import Confirmation
from tests.helpers.database import break_database
from tests.helpers.identity import proof_for, token_for
from tests.helpers.mail import open_link, outbox
from tests.helpers.records import customer
from tests.helpers.runs import run_action, slot_set
from tests.helpers.shop import shop_clock
from tests.helpers.trackers import build_tracker

RESET = [slot_set("account_field", None), slot_set("account_value", None)]


def _complete(
    field: str, value: str, *, token: str | None = None, slots: dict[str, Any] | None = None
) -> Tracker:
    return build_tracker(
        value,
        "inform",
        slots={"account_field": field, "account_value": value, **(slots or {})},
        token=token,
        active_loop="account_change_form",
    )


def _contact() -> str:
    return services().policies.get().contact.email


# -- the action ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "column"),
    [
        ("name", "Roni Cost-Ortega", "name"),
        ("address", "Calle Mayor 5, 28013 Madrid", "address"),
    ],
)
async def test_a_verified_customer_changes_name_or_address(
    db: Session, field: str, value: str, column: str
) -> None:
    events, texts = await run_action(
        ActionEditAccount(shop_clock), _complete(field, value, token=token_for(1))
    )
    assert texts == [UPDATED[field].format(value=value)]
    assert events == RESET
    assert getattr(customer(db, 1), column) == value
    assert customer(db, 2).name == "Veronica Costello"  # nobody else changed
    assert outbox(db) == []


async def test_a_new_email_is_used_only_once_its_link_is_opened(db: Session) -> None:
    """Logged in too: the new address confirms itself first; the old one hears of the change."""
    _, texts = await run_action(
        ActionEditAccount(shop_clock),
        _complete("email", "roni.new@example.org", token=token_for(1)),
    )
    assert texts == [EMAIL_CONFIRM_SENT.format(value="roni.new@example.org")]
    assert customer(db, 1).email == "roni_cost@example.com"
    [link] = outbox(db)
    assert (link.template, link.recipient, link.conversation_id) == (
        "account_email_confirm_new",
        "roni.new@example.org",
        "conv-test",
    )
    assert open_link(db, link.id) is Confirmation.APPLIED
    assert customer(db, 1).email == "roni.new@example.org"
    note = outbox(db)[-1]
    assert (note.template, note.recipient) == ("account_email_changed", "roni_cost@example.com")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Ahmed K. Malik"),
        ("address", "Calle Mayor 5, 28013 Madrid"),
        ("email", "ahmed.new@example.org"),
    ],
)
async def test_a_guest_changes_nothing_without_the_link_to_the_account_s_address(
    db: Session, field: str, value: str
) -> None:
    """E-mail + an order number is no proof to change the account with: the owner's mailbox is."""
    before = customer(db, 3)
    old = (before.name, before.address, before.email)
    tracker = _complete(field, value, slots={"verified_customer_id": proof_for(3, 10022)})
    _, texts = await run_action(ActionEditAccount(shop_clock), tracker)
    assert texts == [STEP_UP_SENT]
    after = customer(db, 3)
    assert (after.name, after.address, after.email) == old
    [link] = outbox(db)
    assert (link.template, link.recipient) == ("account_change_confirm", old[2])
    opened = open_link(db, link.id)
    if field == "email":  # the new address confirms itself next
        assert opened is Confirmation.NEW_EMAIL_LINK_SENT
        assert open_link(db, outbox(db)[-1].id) is Confirmation.APPLIED
    else:
        assert opened is Confirmation.APPLIED
    assert getattr(customer(db, 3), field) == value


async def test_an_address_of_another_account_gets_a_neutral_answer(db: Session) -> None:
    _, texts = await run_action(
        ActionEditAccount(shop_clock),
        _complete("email", "veronica.costello@example.com", token=token_for(1)),
    )
    assert texts == [EMAIL_UNAVAILABLE.format(contact=_contact())]
    assert "support@" in texts[0]
    assert customer(db, 1).email == "roni_cost@example.com"
    assert outbox(db) == []


async def test_the_same_value_is_no_change(db: Session) -> None:
    _, texts = await run_action(
        ActionEditAccount(shop_clock),
        _complete("email", "roni_cost@example.com", token=token_for(1)),
    )
    assert texts == [UNCHANGED.format(label="e-mail address")]


@pytest.mark.parametrize("token", [None, "forged.token", token_for(1) + "x"])
async def test_without_a_valid_identity_nothing_changes(db: Session, token: str | None) -> None:
    events, texts = await run_action(
        ActionEditAccount(shop_clock), _complete("name", "Mallory", token=token)
    )
    assert texts == [NOT_VERIFIED]
    assert events == RESET
    assert customer(db, 1).name == "Roni Cost"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "'); DROP TABLE customers; --"),
        ("name", "x" * 10_000),
        ("address", "🙂"),
        ("email", "\x00"),
    ],
)
async def test_strange_values_are_refused_politely(db: Session, field: str, value: str) -> None:
    _, texts = await run_action(
        ActionEditAccount(shop_clock), _complete(field, value, token=token_for(1))
    )
    assert texts == [INVALID_VALUE[field]]
    assert customer(db, 1).name == "Roni Cost"


async def test_an_unknown_field_changes_nothing(db: Session) -> None:
    _, texts = await run_action(
        ActionEditAccount(shop_clock), _complete("password", "hunter2", token=token_for(1))
    )
    assert texts == [FIELD_UNKNOWN]


async def test_a_database_failure_becomes_an_honest_message(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.accounts.change")
    events, texts = await run_action(
        ActionEditAccount(shop_clock), _complete("name", "Ann Lee", token=token_for(1))
    )
    assert (events, texts) == ([], [UNAVAILABLE])


# -- the form -----------------------------------------------------------------------------------


async def test_the_request_names_the_field(shop_db: str) -> None:
    events, _ = await run_action(
        ValidateAccountChangeForm(),
        build_tracker("I want to change my email", "edit_account", token=token_for(1)),
    )
    assert events == [slot_set("account_field", "email")]


async def test_the_request_can_carry_the_new_address(shop_db: str) -> None:
    tracker = build_tracker(
        "please update my email from jk@example.org to jk.new@example.org",
        "edit_account",
        [
            {"entity": "email", "value": "jk@example.org"},
            {"entity": "email", "value": "jk.new@example.org"},
        ],
        token=token_for(1),
    )
    events, _ = await run_action(ValidateAccountChangeForm(), tracker)
    assert events == [
        slot_set("account_field", "email"),
        slot_set("account_value", "jk.new@example.org"),
    ]


async def test_the_request_can_carry_the_new_name(shop_db: str) -> None:
    tracker = build_tracker(
        "change the name on my account to Daniel Kim",
        "edit_account",
        [{"entity": "person_name", "value": "Daniel Kim"}],
        token=token_for(1),
    )
    events, _ = await run_action(ValidateAccountChangeForm(), tracker)
    assert events == [slot_set("account_field", "name"), slot_set("account_value", "Daniel Kim")]


async def test_an_unverified_customer_is_asked_who_they_are_first(shop_db: str) -> None:
    tracker = build_tracker(
        "change my name to Daniel Kim",
        "edit_account",
        [{"entity": "person_name", "value": "Daniel Kim"}],
    )
    events, _ = await run_action(ValidateAccountChangeForm(), tracker)
    assert events == [
        slot_set("account_field", "name"),
        slot_set("account_value", "Daniel Kim"),
        slot_set("requested_slot", "identity_email"),
    ]


async def test_the_identity_email_never_becomes_the_new_email(shop_db: str) -> None:
    tracker = build_tracker(
        "roni_cost@example.com",
        "inform",
        [{"entity": "email", "value": "roni_cost@example.com"}],
        slots={"requested_slot": "identity_email", "account_field": "email"},
        active_loop="account_change_form",
    )
    events, _ = await run_action(ValidateAccountChangeForm(), tracker)
    assert slot_set("account_value", "roni_cost@example.com") not in events
    assert slot_set("identity_email", "roni_cost@example.com") in events


async def test_an_unclear_field_is_asked_again(shop_db: str) -> None:
    for text, hint in [("my phone number", FIELD_UNSUPPORTED), ("the other thing", FIELD_UNKNOWN)]:
        tracker = build_tracker(
            text,
            "inform",
            slots={"requested_slot": "account_field"},
            token=token_for(1),
            active_loop="account_change_form",
        )
        events, texts = await run_action(ValidateAccountChangeForm(), tracker)
        assert events == [slot_set("account_field", None)]
        assert texts == [hint]


def _answer(
    text: str, field: str, entities: list[dict[str, Any]] | None = None, *, token: str | None
) -> Tracker:
    return build_tracker(
        text,
        "inform",
        entities or [],
        slots={"requested_slot": "account_value", "account_field": field},
        active_loop="account_change_form",
        token=token,
    )


async def test_the_answer_is_validated_for_its_field(shop_db: str) -> None:
    form = ValidateAccountChangeForm()
    cases = [
        ("it should be Anna Berg", "name", [slot_set("account_value", "Anna Berg")], []),
        (
            "Robert'); DROP TABLE customers;--",
            "name",
            [slot_set("account_value", None)],
            [INVALID_VALUE["name"]],
        ),
        (
            "my new address is Hauptstraße 5, 10115 Berlin",
            "address",
            [slot_set("account_value", "Hauptstraße 5, 10115 Berlin")],
            [],
        ),
        (
            "somewhere nice",
            "address",
            [slot_set("account_value", None)],
            [INVALID_VALUE["address"]],
        ),
        ("It's Anna@Example.org", "email", [slot_set("account_value", "anna@example.org")], []),
        ("no", "email", [slot_set("account_value", None)], [INVALID_VALUE["email"]]),
    ]
    for text, field, events, texts in cases:
        assert await run_action(form, _answer(text, field, token=token_for(1))) == (
            events,
            texts,
        ), text


async def test_an_address_of_another_account_is_refused_neutrally(shop_db: str) -> None:
    events, texts = await run_action(
        ValidateAccountChangeForm(),
        _answer("veronica.costello@example.com", "email", token=token_for(1)),
    )
    assert events == [slot_set("account_value", None)]
    assert texts == [EMAIL_UNAVAILABLE_RETRY.format(contact=_contact())]


async def test_before_verification_the_form_does_not_look_addresses_up(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unverified visitor must not learn from the form whether an address is registered."""
    break_database(monkeypatch, "actions.accounts.change_form")  # any look-up would fail loudly
    tracker = build_tracker(
        "change my email to veronica.costello@example.com",
        "edit_account",
        [{"entity": "email", "value": "veronica.costello@example.com"}],
    )
    events, texts = await run_action(ValidateAccountChangeForm(), tracker)
    assert slot_set("account_value", "veronica.costello@example.com") in events
    assert texts == []


async def test_a_policy_question_is_not_taken_as_a_name(shop_db: str) -> None:
    tracker = build_tracker(
        "whats your refund policy",
        "check_refund_policy",
        slots={"requested_slot": "account_value", "account_field": "name"},
        token=token_for(1),
        active_loop="account_change_form",
    )
    events, _ = await run_action(ValidateAccountChangeForm(), tracker)
    assert events == []
