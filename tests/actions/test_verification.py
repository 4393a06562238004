"""Identity verification inside forms: e-mail plus one of the customer's order numbers."""

import time

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.identity import current_customer_id, in_chat_proof, verified_in_chat
from actions.services import services
from actions.verification import (
    GIVE_UP,
    NO_MATCH,
    NOT_AN_EMAIL,
    NOT_AN_ORDER_NUMBER,
    VERIFIED,
    ValidateIdentityForm,
)
from icrm_models.db.schema import Customer
from tests.actions.conftest import token_for
from tests.actions.trackers import build_tracker


def _email(customer_id: int) -> str:
    with Session(services().engine) as session:
        return session.scalars(select(Customer.email).where(Customer.id == customer_id)).one()


async def _required(tracker) -> list[str]:  # type: ignore[no-untyped-def]
    return await ValidateIdentityForm().required_slots([], CollectingDispatcher(), tracker, {})


async def test_a_token_skips_the_questions_and_a_guest_gets_them(shop_db: str) -> None:
    assert await _required(build_tracker("refund?", "track_refund", token=token_for(1))) == []
    assert await _required(build_tracker("refund?", "track_refund")) == [
        "identity_email",
        "identity_order_id",
    ]


async def test_email_and_own_order_number_verify(shop_db: str) -> None:
    form = ValidateIdentityForm()
    dispatcher = CollectingDispatcher()
    tracker = build_tracker("10023", "inform", slots={"identity_email": _email(1).upper()})
    result = await form.validate_identity_order_id("10023", dispatcher, tracker, {})
    assert [m["text"] for m in dispatcher.messages] == [VERIFIED]
    assert result["identity_order_id"] == "10023"
    assert result["verification_attempts"] == 0
    verified = build_tracker(
        "ok", "affirm", slots={"verified_customer_id": result["verified_customer_id"]}
    )
    assert current_customer_id(verified) == 1


@pytest.mark.parametrize("case", ["someone_elses_order", "unknown_email", "missing_order"])
async def test_a_failed_check_reveals_nothing_about_which_part_was_wrong(
    shop_db: str, case: str
) -> None:
    email = {"unknown_email": "nobody@example.com"}.get(case, _email(2))
    order = {"missing_order": "99999"}.get(case, "10023")  # 10023 belongs to customer 1
    dispatcher = CollectingDispatcher()
    tracker = build_tracker(order, "inform", slots={"identity_email": email})
    result = await ValidateIdentityForm().validate_identity_order_id(order, dispatcher, tracker, {})
    assert [m["text"] for m in dispatcher.messages] == [NO_MATCH]
    assert result == {"identity_email": None, "identity_order_id": None, "verification_attempts": 1}


async def test_the_third_failure_points_to_log_in_or_a_human(shop_db: str) -> None:
    dispatcher = CollectingDispatcher()
    tracker = build_tracker(
        "10023", "inform", slots={"identity_email": "x@example.com", "verification_attempts": 2}
    )
    await ValidateIdentityForm().validate_identity_order_id("10023", dispatcher, tracker, {})
    assert [m["text"] for m in dispatcher.messages] == [GIVE_UP]


@pytest.mark.parametrize(
    "value", ["not an email", "a@b", "'; DROP TABLE customers; --", "x" * 10_000]
)
def test_strange_emails_are_asked_again(value: str) -> None:
    dispatcher = CollectingDispatcher()
    result = ValidateIdentityForm().validate_identity_email(
        value, dispatcher, build_tracker(value, "inform"), {}
    )
    assert result == {"identity_email": None}
    assert [m["text"] for m in dispatcher.messages] == [NOT_AN_EMAIL]


async def test_a_non_number_is_asked_again(shop_db: str) -> None:
    dispatcher = CollectingDispatcher()
    result = await ValidateIdentityForm().validate_identity_order_id(
        "my last one", dispatcher, build_tracker("my last one", "inform"), {}
    )
    assert result == {"identity_order_id": None}
    assert [m["text"] for m in dispatcher.messages] == [NOT_AN_ORDER_NUMBER]


def test_slots_are_extracted_only_while_the_form_asks_for_them() -> None:
    form = ValidateIdentityForm()
    entity = [{"entity": "email", "value": "jo@example.com"}]
    asked = build_tracker(
        "jo@example.com", "inform", entity, slots={"requested_slot": "identity_email"}
    )
    not_asked = build_tracker("jo@example.com", "inform", entity)
    assert form.extract_identity_email(CollectingDispatcher(), asked, {}) == {
        "identity_email": "jo@example.com"
    }
    assert form.extract_identity_email(CollectingDispatcher(), not_asked, {}) == {}
    yes = build_tracker("yes", "affirm", slots={"requested_slot": "confirmation"})
    no = build_tracker("no", "deny", slots={"requested_slot": "confirmation"})
    stray = build_tracker("yes", "affirm")
    assert form.extract_confirmation(CollectingDispatcher(), yes, {}) == {"confirmation": True}
    assert form.extract_confirmation(CollectingDispatcher(), no, {}) == {"confirmation": False}
    assert form.extract_confirmation(CollectingDispatcher(), stray, {}) == {}


def test_an_in_chat_check_expires_and_a_token_wins() -> None:
    now = time.time()
    proof = in_chat_proof(5, now=now - 31 * 60)
    assert (
        verified_in_chat(build_tracker("hi", "greet", slots={"verified_customer_id": proof}))
        is None
    )
    fresh = build_tracker("hi", "greet", slots={"verified_customer_id": in_chat_proof(5)})
    assert current_customer_id(fresh) == 5
    assert (
        verified_in_chat(build_tracker("hi", "greet", slots={"verified_customer_id": "junk"}))
        is None
    )


async def test_a_token_overrides_the_in_chat_check(shop_db: str) -> None:
    both = build_tracker(
        "hi", "greet", slots={"verified_customer_id": in_chat_proof(5)}, token=token_for(1)
    )
    assert current_customer_id(both) == 1
