"""``validate_cancel_order_form``: whose order, identity answers, stale numbers, corrections."""

from __future__ import annotations

from typing import Any

import pytest

from actions.errors import UNAVAILABLE
from actions.orders.cancel_form import ValidateCancelOrderForm
from actions.orders.messages import INVALID_NUMBER, NOT_FOUND
from actions.verification import VERIFIED
from icrm_models.db.schema import Order
from tests.helpers.database import break_database
from tests.helpers.forms import form_turn
from tests.helpers.identity import proven_customer, token_for
from tests.helpers.runs import run_action, slot_values
from tests.helpers.shop import shop_session
from tests.helpers.trackers import entity

FORM = "cancel_order_form"
VERONICA = "veronica.costello@example.com"


def _set_status(url: str, order_id: int, status: str) -> None:
    with shop_session(url) as session:
        session.get(Order, order_id).status = status  # type: ignore[union-attr]
        session.commit()


async def _validate(
    text: str,
    intent: str,
    *,
    requested: str | None,
    mentioned: str | None = None,
    before: dict[str, Any] | None = None,
    token: str | None = None,
) -> tuple[list[tuple[str, Any]], list[str]]:
    """One validation turn; ``mentioned`` is the order number Rasa extracted from ``text``."""
    tracker = form_turn(
        text,
        intent,
        [entity("order_id", mentioned, text)] if mentioned else [],
        form=FORM,
        requested_slot=requested,
        slots=before,
        candidates={"order_id": mentioned} if mentioned else {},
        token=token,
    )
    events, texts = await run_action(ValidateCancelOrderForm(), tracker)
    return slot_values(events), texts


async def test_the_customers_own_order_is_taken(shop_db: str) -> None:
    assert await _validate(
        "cancel order 10021", "cancel_order", requested=None, mentioned="10021", token=token_for(2)
    ) == ([("order_id", "10021")], [])


async def test_someone_elses_order_gets_the_same_answer_as_a_missing_one(shop_db: str) -> None:
    other = await _validate(
        "cancel order 10021", "cancel_order", requested=None, mentioned="10021", token=token_for(1)
    )
    missing = await _validate(
        "cancel order 99999", "cancel_order", requested=None, mentioned="99999", token=token_for(1)
    )
    assert other == ([("order_id", None)], [NOT_FOUND.format(order_id=10021)])
    assert missing == ([("order_id", None)], [NOT_FOUND.format(order_id=99999)])


async def test_a_shipped_order_ends_the_form_without_asking_for_confirmation(shop_db: str) -> None:
    assert await _validate(
        "cancel 10023", "cancel_order", requested=None, mentioned="10023", token=token_for(1)
    ) == ([("order_id", "10023"), ("requested_slot", None)], [])


async def test_a_number_from_an_earlier_request_is_not_acted_on(shop_db: str) -> None:
    tracker = form_turn(
        "cancel my order",
        "cancel_order",
        form=FORM,
        requested_slot=None,
        slots={"order_id": "10021"},
        candidates={"order_id": "10021"},
        token=token_for(2),
    )
    events, texts = await run_action(ValidateCancelOrderForm(), tracker)
    assert (slot_values(events), texts) == ([("order_id", None)], [])


async def test_the_number_given_to_prove_identity_is_not_the_order_to_cancel(
    shop_db: str,
) -> None:
    slots, texts = await _validate(
        "10041",
        "inform",
        requested="identity_order_id",
        mentioned="10041",
        before={"identity_email": VERONICA},
    )
    assert texts == [VERIFIED]
    assert [name for name, _ in slots] == [
        "order_id",
        "identity_order_id",
        "verified_customer_id",
        "verification_attempts",
    ]
    assert slots[0] == ("order_id", None) and slots[1] == ("identity_order_id", "10041")
    assert proven_customer(slots[2][1]) == 2


async def test_an_order_named_before_verification_is_kept_if_it_is_the_proved_one(
    shop_db: str,
) -> None:
    slots, texts = await _validate(
        "10021",
        "inform",
        requested="identity_order_id",
        mentioned="10021",
        before={"identity_email": VERONICA, "order_id": "10021"},
    )
    assert texts == [VERIFIED]
    assert slots[0] == ("order_id", "10021")


async def test_another_order_of_theirs_is_dropped_like_a_stranger_s(shop_db: str) -> None:
    """Proven with 10041, a guest may act on 10041 only: 10021 answers as someone else's."""
    slots, texts = await _validate(
        "10041",
        "inform",
        requested="identity_order_id",
        mentioned="10041",
        before={"identity_email": VERONICA, "order_id": "10021"},
    )
    assert texts == [VERIFIED, NOT_FOUND.format(order_id=10021)]
    assert ("order_id", None) in slots


async def test_an_order_named_before_verification_is_dropped_if_it_is_not_theirs(
    shop_db: str,
) -> None:
    slots, texts = await _validate(
        "10041",
        "inform",
        requested="identity_order_id",
        mentioned="10041",
        before={"identity_email": VERONICA, "order_id": "10023"},
    )
    assert texts == [VERIFIED, NOT_FOUND.format(order_id=10023)]
    assert slots[0] == ("order_id", None)


async def test_without_verification_the_order_is_only_read_not_looked_up(shop_db: str) -> None:
    assert await _validate(
        "cancel order 10023", "cancel_order", requested=None, mentioned="10023"
    ) == ([("order_id", "10023"), ("requested_slot", "identity_email")], [])


async def test_yes_confirms(shop_db: str) -> None:
    assert await _validate(
        "yes please",
        "affirm",
        requested="confirmation",
        before={"order_id": "10021"},
        token=token_for(2),
    ) == ([("confirmation", True)], [])


async def test_no_declines(shop_db: str) -> None:
    assert await _validate(
        "no", "deny", requested="confirmation", before={"order_id": "10021"}, token=token_for(2)
    ) == ([("confirmation", False)], [])


async def test_repeating_the_same_number_with_yes_confirms(shop_db: str) -> None:
    assert await _validate(
        "yes, cancel 10021",
        "affirm",
        requested="confirmation",
        mentioned="10021",
        before={"order_id": "10021"},
        token=token_for(2),
    ) == ([("order_id", "10021"), ("confirmation", True)], [])


async def test_a_new_number_while_confirming_is_a_correction(shop_db: str) -> None:
    _set_status(shop_db, 10041, "pending")
    assert await _validate(
        "no, I meant order 10041",
        "deny",
        requested="confirmation",
        mentioned="10041",
        before={"order_id": "10021"},
        token=token_for(2),
    ) == ([("order_id", "10041"), ("confirmation", None)], [])


async def test_a_correction_to_a_delivered_order_ends_the_form(shop_db: str) -> None:
    assert await _validate(
        "no, I meant order 10041",
        "deny",
        requested="confirmation",
        mentioned="10041",
        before={"order_id": "10021"},
        token=token_for(2),
    ) == ([("order_id", "10041"), ("confirmation", None), ("requested_slot", None)], [])


async def test_a_correction_to_someone_elses_order_asks_for_the_number_again(
    shop_db: str,
) -> None:
    assert await _validate(
        "no, I meant order 10023",
        "deny",
        requested="confirmation",
        mentioned="10023",
        before={"order_id": "10021"},
        token=token_for(2),
    ) == ([("order_id", None), ("confirmation", None)], [NOT_FOUND.format(order_id=10023)])


@pytest.mark.parametrize("value", ["10023' OR 1=1 --", "x" * 10_000, "\u202e10021", "\x00", "🙂"])
async def test_strange_order_numbers_are_asked_again(shop_db: str, value: str) -> None:
    tracker = form_turn(
        "my order",
        "inform",
        [{"entity": "order_id", "value": value}],
        form=FORM,
        requested_slot="order_id",
        candidates={"order_id": value},
        token=token_for(2),
    )
    events, texts = await run_action(ValidateCancelOrderForm(), tracker)
    assert (slot_values(events), texts) == ([("order_id", None)], [INVALID_NUMBER])


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.orders.order_form")
    assert await _validate(
        "cancel 10021", "cancel_order", requested=None, mentioned="10021", token=token_for(2)
    ) == ([], [UNAVAILABLE])
