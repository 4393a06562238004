"""Identity verification inside forms: e-mail plus one of the customer's order numbers."""

import logging
import time
from datetime import timedelta
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.identity import current_customer_id, in_chat_proof, verified_in_chat
from actions.orders.cancel_form import ValidateCancelOrderForm
from actions.services import services
from actions.verification import (
    GIVE_UP,
    LOCKED,
    NO_MATCH,
    NOT_AN_EMAIL,
    NOT_AN_ORDER_NUMBER,
    VERIFIED,
    ValidateIdentityForm,
)
from icrm_models.db.schema import Customer, VerificationFailure
from tests.helpers.domain import bot_domain
from tests.helpers.forms import form_turn
from tests.helpers.identity import proof_for, token_for
from tests.helpers.shop import AS_OF
from tests.helpers.trackers import CLIENT_KEY, build_tracker

RONI_ORDER = "10023"  # Roni Cost's (customer 1) order


def _email(customer_id: int) -> str:
    with Session(services().engine) as session:
        return session.scalars(select(Customer.email).where(Customer.id == customer_id)).one()


def _failures() -> list[VerificationFailure]:
    with Session(services().engine) as session:
        return list(session.scalars(select(VerificationFailure).order_by(VerificationFailure.id)))


async def _required(tracker) -> list[str]:  # type: ignore[no-untyped-def]
    return await ValidateIdentityForm().required_slots([], CollectingDispatcher(), tracker, {})


def _client(n: int) -> str:
    return f"client-key-{n:04d}-" + "c" * 16


async def _try(
    email: str,
    order: str,
    *,
    conversation: str = "conv-test",
    client_key: str | None = CLIENT_KEY,
    minutes: float = 0,
    slots: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """One guest's answer to the order-number question, ``minutes`` after AS_OF."""
    form = ValidateIdentityForm(clock=lambda: AS_OF + timedelta(minutes=minutes))
    dispatcher = CollectingDispatcher()
    tracker = build_tracker(
        order,
        "inform",
        slots={"identity_email": email, **(slots or {})},
        sender_id=conversation,
        client_key=client_key,
    )
    result = await form.validate_identity_order_id(order, dispatcher, tracker, {})
    return result, [m["text"] for m in dispatcher.messages]


async def test_a_token_skips_the_questions_and_a_guest_gets_them(shop_db: str) -> None:
    assert await _required(build_tracker("refund?", "track_refund", token=token_for(1))) == []
    assert await _required(build_tracker("refund?", "track_refund")) == [
        "identity_email",
        "identity_order_id",
    ]


async def test_email_and_own_order_number_verify(shop_db: str) -> None:
    result, texts = await _try(_email(1).upper(), RONI_ORDER)
    assert texts == [VERIFIED]
    assert result["identity_order_id"] == RONI_ORDER
    assert result["verification_attempts"] == 0
    verified = build_tracker(
        "ok", "affirm", slots={"verified_customer_id": result["verified_customer_id"]}
    )
    assert current_customer_id(verified) == 1
    assert _failures() == []


@pytest.mark.parametrize("case", ["someone_elses_order", "unknown_email", "missing_order"])
async def test_a_failed_check_reveals_nothing_about_which_part_was_wrong(
    shop_db: str, case: str
) -> None:
    email = {"unknown_email": "nobody@example.com"}.get(case, _email(2))
    order = {"missing_order": "99999"}.get(case, RONI_ORDER)
    result, texts = await _try(email, order)
    assert texts == [NO_MATCH]
    assert result == {"identity_email": None, "identity_order_id": None, "verification_attempts": 1}


async def test_brute_force_is_stopped_at_the_limit_across_conversations(shop_db: str) -> None:
    """Five wrong numbers for one address, each from a new conversation and client: locked.

    The right number is refused then, without being checked, and so is every further try.
    """
    email = _email(1)
    for n in range(5):
        _, texts = await _try(
            email, str(10100 + n), conversation=f"conv-{n}", client_key=_client(n)
        )
        assert texts == ([LOCKED] if n == 4 else [NO_MATCH])
    for n in range(5, 8):
        result, texts = await _try(
            email, RONI_ORDER, conversation=f"conv-{n}", client_key=_client(n), minutes=n
        )
        assert texts == [LOCKED]
        assert "verified_customer_id" not in result
        assert result["verification_attempts"] == 3
    outcomes = [f.outcome for f in _failures()]
    assert outcomes == ["mismatch"] * 5 + ["refused"] * 3


async def test_the_lock_expires_and_then_backs_off(shop_db: str) -> None:
    email = _email(1)
    for n in range(5):
        await _try(email, str(10100 + n), conversation=f"conv-{n}", client_key=_client(n))
    _, texts = await _try(
        email, RONI_ORDER, conversation="conv-later", client_key=_client(50), minutes=59
    )
    assert texts == [LOCKED]
    result, texts = await _try(
        email, RONI_ORDER, conversation="conv-after", client_key=_client(51), minutes=61
    )
    assert texts == [VERIFIED] and "verified_customer_id" in result
    # Five more failures right after the first lock: the second lock lasts two hours.
    for n in range(5):
        await _try(
            email, str(10200 + n), conversation=f"c2-{n}", client_key=_client(60 + n), minutes=62
        )
    _, texts = await _try(
        email, RONI_ORDER, conversation="c2-late", client_key=_client(70), minutes=62 + 119
    )
    assert texts == [LOCKED]
    _, texts = await _try(
        email, RONI_ORDER, conversation="c2-end", client_key=_client(71), minutes=62 + 121
    )
    assert texts == [VERIFIED]


async def test_the_lock_reads_the_same_whether_or_not_the_address_exists(shop_db: str) -> None:
    answers = []
    for email in (_email(2), "nobody@example.com"):
        for n in range(6):
            _, texts = await _try(
                email, "99999", conversation=f"{email}-{n}", client_key=_client(n)
            )
        answers.append(texts)
    assert answers == [[LOCKED], [LOCKED]]


async def test_three_failures_in_one_conversation_end_the_form(shop_db: str) -> None:
    """Different addresses (none locked): the conversation's third failure ends verification."""
    texts_seen = []
    for n, email in enumerate(("a@example.com", "b@example.com", "c@example.com")):
        result, texts = await _try(email, "99999", slots={"verification_attempts": min(n, 2)})
        texts_seen.append(texts)
    assert texts_seen == [[NO_MATCH], [NO_MATCH], [GIVE_UP]]
    assert result == {"identity_email": None, "identity_order_id": None, "verification_attempts": 3}
    # The form really ends: the validation sets requested_slot to None (and asks nothing).
    turn = form_turn(
        "99999",
        "inform",
        form="identity_form",
        requested_slot="identity_order_id",
        slots={"identity_email": "d@example.com"},
        candidates={"identity_order_id": "99999"},
    )
    events = await ValidateIdentityForm(clock=lambda: AS_OF).run(
        CollectingDispatcher(), turn, bot_domain()
    )
    assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": None} in events
    # Even the right answer is refused in this conversation, and a new form asks nothing.
    _, texts = await _try(_email(1), RONI_ORDER, minutes=1)
    assert texts == [GIVE_UP]
    later = build_tracker("refund?", "track_refund", slots={"verification_attempts": 3})
    assert await _required(later) == []


async def test_a_conversation_that_used_up_its_tries_is_refused_at_the_address(
    shop_db: str,
) -> None:
    """The slot is only a marker: after a reset, the stored failures still end the form."""
    for email in ("a@example.com", "b@example.com", "c@example.com"):
        await _try(email, "99999")
    dispatcher = CollectingDispatcher()
    form = ValidateIdentityForm(clock=lambda: AS_OF)
    result = await form.validate_identity_email(
        _email(1), dispatcher, build_tracker(_email(1), "inform"), {}
    )
    assert [m["text"] for m in dispatcher.messages] == [GIVE_UP]
    assert result["verification_attempts"] == 3 and result["identity_email"] is None


async def test_a_locked_address_is_refused_before_the_order_number(shop_db: str) -> None:
    for n in range(5):
        await _try(_email(1), "99999", conversation=f"conv-{n}", client_key=_client(n))
    dispatcher = CollectingDispatcher()
    form = ValidateIdentityForm(clock=lambda: AS_OF)
    tracker = build_tracker(_email(1), "inform", sender_id="fresh", client_key=_client(99))
    result = await form.validate_identity_email(_email(1), dispatcher, tracker, {})
    assert [m["text"] for m in dispatcher.messages] == [LOCKED]
    assert result["identity_email"] is None


async def test_a_client_without_a_client_key_is_not_verified_in_the_chat(shop_db: str) -> None:
    """A bare REST client can't hold a proof: the form ends at once, the action asks to log in."""
    bare = build_tracker("refund?", "track_refund", client_key=None)
    assert await _required(bare) == []
    result, texts = await _try(_email(1), RONI_ORDER, client_key=None)
    assert "verified_customer_id" not in result and texts == []
    starting = build_tracker(
        "cancel order 10023", "cancel_order", client_key=None, active_loop="cancel_order_form"
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateCancelOrderForm().run(dispatcher, starting, bot_domain())
    assert events == [{"event": "slot", "timestamp": None, "name": "requested_slot", "value": None}]
    assert dispatcher.messages == []  # action_cancel_order asks to log in on the website


async def test_failures_are_stored_and_logged_without_the_address(
    shop_db: str, caplog: pytest.LogCaptureFixture
) -> None:
    email = _email(1)
    with caplog.at_level(logging.WARNING):
        await _try(email, "99999", conversation="conv-audit")
    [failure] = _failures()
    assert failure.conversation_id == "conv-audit" and failure.outcome == "mismatch"
    assert failure.client_hash and failure.email_hash and email not in failure.email_hash
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "conv-audit" in logged and "mismatch" in logged and email not in logged


@pytest.mark.parametrize(
    "value", ["not an email", "a@b", "'; DROP TABLE customers; --", "x" * 10_000]
)
async def test_strange_emails_are_asked_again(value: str) -> None:
    dispatcher = CollectingDispatcher()
    result = await ValidateIdentityForm().validate_identity_email(
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


def test_an_in_chat_check_expires_and_a_token_wins(shop_db: str) -> None:
    proof = in_chat_proof(build_tracker("hi", "greet"), 5, order_id=None, now=time.time() - 31 * 60)
    assert (
        verified_in_chat(build_tracker("hi", "greet", slots={"verified_customer_id": proof}))
        is None
    )
    fresh = build_tracker("hi", "greet", slots={"verified_customer_id": proof_for(5)})
    assert current_customer_id(fresh) == 5
    assert (
        verified_in_chat(build_tracker("hi", "greet", slots={"verified_customer_id": "junk"}))
        is None
    )


async def test_a_token_overrides_the_in_chat_check(shop_db: str) -> None:
    both = build_tracker(
        "hi", "greet", slots={"verified_customer_id": proof_for(5)}, token=token_for(1)
    )
    assert current_customer_id(both) == 1


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how long does delivery take?", "delivery_period"),
        ("what's your refund policy?", "check_refund_policy"),
        ("no", "deny"),
        ("what is the meaning of life?", "out_of_scope"),
    ],
)
def test_a_question_asked_for_the_e_mail_or_order_is_not_taken_as_one(
    text: str, intent: str
) -> None:
    """Issue 16: the form's interruption rules answer it and the form asks again."""
    form = ValidateIdentityForm()
    for slot, extract in (
        ("identity_email", form.extract_identity_email),
        ("identity_order_id", form.extract_identity_order_id),
    ):
        tracker = build_tracker(text, intent, slots={"requested_slot": slot})
        assert extract(CollectingDispatcher(), tracker, {}) == {}


def test_a_typed_answer_is_still_taken_without_an_entity() -> None:
    form = ValidateIdentityForm()
    tracker = build_tracker("jo@example.com", "inform", slots={"requested_slot": "identity_email"})
    assert form.extract_identity_email(CollectingDispatcher(), tracker, {}) == {
        "identity_email": "jo@example.com"
    }
