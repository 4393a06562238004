"""The address forms and actions: a not-yet-shipped order's address, the default address."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from actions.accounts.messages import STEP_UP_SENT
from actions.errors import UNAVAILABLE
from actions.orders.address_change import ActionChangeShippingAddress
from actions.orders.address_forms import ValidateAddressChangeForm, ValidateShippingAddressForm
from actions.orders.default_address import ActionSetUpShippingAddress
from actions.orders.messages import (
    ACCOUNT_NOT_LOGGED_IN,
    INVALID_ADDRESS,
    NOT_FOUND,
    NOT_LOGGED_IN,
)
from icrm_models.accounts.step_up_confirm import Confirmation
from icrm_models.db.schema import Customer, Order, OutboxMessage
from tests.helpers.database import break_database
from tests.helpers.forms import form_turn
from tests.helpers.identity import proof_for, token_for
from tests.helpers.mail import open_link
from tests.helpers.runs import run_action, slot_values
from tests.helpers.shop import AS_OF, shop_session
from tests.helpers.trackers import SENDER, build_tracker, entity

NEW = "Hauptstraße 5, 10115 Berlin"
ORDER_RESET = [
    {"event": "slot", "timestamp": None, "name": "order_id", "value": None},
    {"event": "slot", "timestamp": None, "name": "new_address", "value": None},
]
DEFAULT_RESET = [{"event": "slot", "timestamp": None, "name": "new_address", "value": None}]


def _order_address(url: str, order_id: int) -> str | None:
    with shop_session(url) as session:
        order = session.get(Order, order_id)
        assert order is not None
        return order.shipping_address


def _outbox(url: str) -> list[tuple[Any, ...]]:
    with shop_session(url) as session:
        return [
            (m.recipient, m.template, m.status, m.customer_id, m.payload, m.created_at)
            for m in session.execute(select(OutboxMessage)).scalars()
        ]


async def _readdress(
    order_id: str, address: str | None, token: str | None, *, proof: str | None = None
) -> Any:
    tracker = build_tracker(
        address or "there",
        "inform",
        slots={"order_id": order_id, "new_address": address, "verified_customer_id": proof},
        token=token,
        sender_id=SENDER,
    )
    return await run_action(ActionChangeShippingAddress(clock=lambda: AS_OF), tracker)


async def test_an_order_not_yet_shipped_goes_to_the_new_address(shop_db: str) -> None:
    assert await _readdress("10021", NEW, token_for(2)) == (
        ORDER_RESET,
        [
            f"Done — order 10021 will now go to {NEW}. A confirmation e-mail is on its way.",
        ],
    )
    assert _order_address(shop_db, 10021) == NEW
    assert _outbox(shop_db) == [
        (
            "veronica.costello@example.com",
            "order_address_changed",
            "queued",
            2,
            {"order_id": 10021, "address": NEW, "previous_address": "85 Greco Street, Munich"},
            AS_OF,
        )
    ]


async def test_a_shipped_order_keeps_its_address(shop_db: str) -> None:
    before = _order_address(shop_db, 10023)
    assert await _readdress("10023", NEW, token_for(1)) == (
        ORDER_RESET,
        [
            "Order 10023 has already shipped, so its delivery address can't be changed any more. "
            'If you need help with the delivery, say "human" and a colleague will take a look.'
        ],
    )
    assert _order_address(shop_db, 10023) == before
    assert _outbox(shop_db) == []


async def test_someone_elses_order_gets_the_same_answer_as_a_missing_one(shop_db: str) -> None:
    before = _order_address(shop_db, 10021)
    assert await _readdress("10021", NEW, token_for(1)) == (
        ORDER_RESET,
        [NOT_FOUND.format(order_id=10021)],
    )
    assert await _readdress("99999", NEW, token_for(1)) == (
        ORDER_RESET,
        [NOT_FOUND.format(order_id=99999)],
    )
    assert _order_address(shop_db, 10021) == before
    assert _outbox(shop_db) == []


async def test_a_guest_re_addresses_the_proved_order_only_and_by_link(shop_db: str) -> None:
    """Proven in the chat with order 10021: its address changes once the account's mailbox
    confirms; another order of the same customer gets the answer a stranger's order gets."""
    before = _order_address(shop_db, 10021)
    proof = proof_for(2, 10021)
    assert await _readdress("10021", NEW, None, proof=proof) == (ORDER_RESET, [STEP_UP_SENT])
    assert _order_address(shop_db, 10021) == before
    assert [(m[0], m[1]) for m in _outbox(shop_db)] == [
        ("veronica.costello@example.com", "account_change_confirm")
    ]
    with shop_session(shop_db) as session:
        other = session.scalars(
            select(Order.id).where(Order.customer_id == 2, Order.id != 10021)
        ).first()
    assert other is not None
    assert await _readdress(str(other), NEW, None, proof=proof) == (
        ORDER_RESET,
        [NOT_FOUND.format(order_id=other)],
    )
    with shop_session(shop_db) as session:
        [message_id] = session.scalars(select(OutboxMessage.id)).all()
        assert open_link(session, message_id) is Confirmation.APPLIED
    assert _order_address(shop_db, 10021) == NEW


async def test_without_identity_no_address_changes(shop_db: str) -> None:
    before = _order_address(shop_db, 10021)
    assert await _readdress("10021", NEW, None) == (ORDER_RESET, [NOT_LOGGED_IN])
    assert _order_address(shop_db, 10021) == before


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.orders.address_change", "update")
    assert await _readdress("10021", NEW, token_for(2)) == ([], [UNAVAILABLE])


@pytest.mark.parametrize(
    "text",
    [
        "my new flat",
        "12 Baker Street",
        "'; DROP TABLE orders; --",
        "x" * 10_000,
        "🙂🙂🙂🙂🙂🙂",
        "\u202e12 Baker Street, London",
        "12 Baker Street\x00, London",
    ],
)
async def test_the_form_rejects_what_isnt_an_address(shop_db: str, text: str) -> None:
    tracker = form_turn(
        text,
        "inform",
        form="address_change_form",
        requested_slot="new_address",
        slots={"order_id": "10021"},
        candidates={"new_address": text},
        token=token_for(2),
    )
    events, texts = await run_action(ValidateAddressChangeForm(), tracker)
    assert (slot_values(events), texts) == ([("new_address", None)], [INVALID_ADDRESS])


@pytest.mark.parametrize(
    ("text", "tidied"),
    [
        ("Hauptstraße 5,\n10115 Berlin", NEW),
        ("  12 Baker Street,   London ", "12 Baker Street, London"),
        ("ul. Marszałkowska 10, 00-026 Warszawa", "ul. Marszałkowska 10, 00-026 Warszawa"),
    ],
)
async def test_the_form_takes_addresses(shop_db: str, text: str, tidied: str) -> None:
    tracker = form_turn(
        text,
        "inform",
        form="address_change_form",
        requested_slot="new_address",
        slots={"order_id": "10021"},
        candidates={"new_address": text},
        token=token_for(2),
    )
    events, texts = await run_action(ValidateAddressChangeForm(), tracker)
    assert (slot_values(events), texts) == ([("new_address", tidied)], [])


async def test_a_shipped_order_ends_the_address_form(shop_db: str) -> None:
    text = "change the address of 10023"
    tracker = form_turn(
        text,
        "change_shipping_address",
        [entity("order_id", "10023", text)],
        form="address_change_form",
        requested_slot=None,
        candidates={"order_id": "10023"},
        token=token_for(1),
    )
    events, texts = await run_action(ValidateAddressChangeForm(), tracker)
    assert (slot_values(events), texts) == ([("order_id", "10023"), ("requested_slot", None)], [])


# -- the default address -----------------------------------------------------------------------


def _customer(url: str, customer_id: int) -> tuple[Any, ...]:
    with shop_session(url) as session:
        customer = session.get(Customer, customer_id)
        assert customer is not None
        return customer.address, customer.city, customer.country


async def _save(text: str, entities: list[dict[str, Any]], token: str | None) -> Any:
    tracker = build_tracker(
        text, "inform", entities, slots={"new_address": text}, token=token, sender_id=SENDER
    )
    return await run_action(ActionSetUpShippingAddress(clock=lambda: AS_OF), tracker)


async def test_the_default_address_is_saved_with_city_and_country(shop_db: str) -> None:
    text = "Leopoldstraße 12, 80802 München, Deutschland"
    entities = [entity("city", "München", text), entity("country", "Deutschland", text)]
    assert await _save(text, entities, token_for(2)) == (
        DEFAULT_RESET,
        [
            f"Saved — {text} is now your default delivery address. "
            "A confirmation e-mail is on its way."
        ],
    )
    assert _customer(shop_db, 2) == (text, "München", "Deutschland")
    outbox = _outbox(shop_db)
    assert [(m[0], m[1], m[3]) for m in outbox] == [
        ("veronica.costello@example.com", "default_address_saved", 2)
    ]


async def test_without_city_entities_only_the_address_line_changes(shop_db: str) -> None:
    await _save(NEW, [], token_for(2))
    assert _customer(shop_db, 2) == (NEW, "Munich", "Germany")


async def test_odd_place_entities_are_ignored(shop_db: str) -> None:
    text = "Hauptstraße 5, 10115 Berlin"
    await _save(text, [{"entity": "city", "value": "Berlin'; --"}], token_for(2))
    assert _customer(shop_db, 2) == (text, "Munich", "Germany")


async def test_the_default_address_needs_a_verified_customer(shop_db: str) -> None:
    before = _customer(shop_db, 2)
    assert await _save(NEW, [], None) == (DEFAULT_RESET, [ACCOUNT_NOT_LOGGED_IN])
    assert _customer(shop_db, 2) == before
    assert _outbox(shop_db) == []


async def test_a_guest_s_default_address_waits_for_the_link(shop_db: str) -> None:
    before = _customer(shop_db, 2)
    tracker = build_tracker(
        NEW, "inform", slots={"new_address": NEW, "verified_customer_id": proof_for(2, 10021)}
    )
    result = await run_action(ActionSetUpShippingAddress(clock=lambda: AS_OF), tracker)
    assert result == (DEFAULT_RESET, [STEP_UP_SENT])
    assert _customer(shop_db, 2) == before
    assert [(m[0], m[1]) for m in _outbox(shop_db)] == [
        ("veronica.costello@example.com", "account_change_confirm")
    ]


async def test_an_erased_account_is_not_changed(shop_db: str) -> None:
    with shop_session(shop_db) as session:
        session.get(Customer, 2).deleted_at = AS_OF  # type: ignore[union-attr]
        session.commit()
    before = _customer(shop_db, 2)
    assert await _save(NEW, [], token_for(2)) == (DEFAULT_RESET, [ACCOUNT_NOT_LOGGED_IN])
    assert _customer(shop_db, 2) == before


async def test_saving_the_default_address_survives_a_database_failure(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.orders.default_address", "update")
    assert await _save(NEW, [], token_for(2)) == ([], [UNAVAILABLE])


async def test_the_default_address_form_checks_the_address(shop_db: str) -> None:
    for text, expected, said in [
        ("Berlin", None, [INVALID_ADDRESS]),
        ("75008 Paris", "75008 Paris", []),
    ]:
        tracker = form_turn(
            text,
            "inform",
            form="shipping_address_form",
            requested_slot="new_address",
            candidates={"new_address": text},
            token=token_for(2),
        )
        events, texts = await run_action(ValidateShippingAddressForm(), tracker)
        assert (slot_values(events), texts) == ([("new_address", expected)], said)


async def test_a_new_order_number_instead_of_the_address_is_a_correction(shop_db: str) -> None:
    with shop_session(shop_db) as session:
        session.get(Order, 10041).status = "pending"  # type: ignore[union-attr]
        session.commit()
    text = "oops, it's order 10041"
    tracker = form_turn(
        text,
        "inform",
        [entity("order_id", "10041", text)],
        form="address_change_form",
        requested_slot="new_address",
        slots={"order_id": "10021"},
        candidates={"order_id": "10041", "new_address": text},
        token=token_for(2),
    )
    events, texts = await run_action(ValidateAddressChangeForm(), tracker)
    assert (slot_values(events), texts) == ([("order_id", "10041"), ("new_address", None)], [])
