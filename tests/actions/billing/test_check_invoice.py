from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.billing.check_invoice import ActionCheckInvoice
from actions.billing.messages import INVALID_INVOICE, NO_INVOICES, NOT_LOGGED_IN
from actions.errors import UNAVAILABLE
from actions.orders.messages import INVALID_NUMBER
from icrm_models.db.schema import Invoice
from tests.helpers.database import break_database
from tests.helpers.identity import proof_for, token_for
from tests.helpers.shop import shop_session
from tests.helpers.trackers import build_tracker, entity, user_event

RONI, VERONICA, JAN, DIEGO = 1, 2, 5, 9
NOT_FOUND = (
    "I couldn't find invoice {} in your account. Please check the number — it's at the top of "
    "the invoice."
)


def _asked(
    customer_id: int | None, text: str = "check my invoice", entities: list[Any] | None = None
) -> Tracker:
    return build_tracker(
        text,
        "check_invoice",
        entities or [],
        token=token_for(customer_id) if customer_id else None,
    )


async def _run(tracker: Tracker) -> list[str]:
    dispatcher = CollectingDispatcher()
    events = await ActionCheckInvoice().run(dispatcher, tracker, {})
    assert events == []
    return [m["text"] for m in dispatcher.messages]


def _expected(number: str, status: str) -> str:
    with shop_session() as session:
        invoice = session.scalars(select(Invoice).where(Invoice.number == number)).one()
    return (
        f"Invoice {number} for order {invoice.order_id}, issued {invoice.issued_at:%a %d %b %Y}: "
        f"{invoice.amount:.2f} EUR — {status}. Would you like a copy by e-mail? Just say "
        f'"send me invoice {number}".'
    )


@pytest.mark.parametrize("spelling", ["INV-010023", "inv010023", "INV 010023", "inv-10023"])
async def test_an_invoice_by_its_number_however_it_is_typed(shop_db: str, spelling: str) -> None:
    texts = await _run(_asked(RONI, f"check invoice {spelling}", [entity("invoice_id", spelling)]))
    assert texts == [_expected("INV-010023", "paid")]


async def test_an_invoice_by_order_and_the_latest(shop_db: str) -> None:
    by_order = await _run(_asked(RONI, "invoice of 10023", [entity("order_id", "10023")]))
    latest = await _run(_asked(RONI))
    assert by_order == latest == [_expected("INV-010023", "paid")]


async def test_a_number_the_language_model_missed_is_read_from_the_text(shop_db: str) -> None:
    assert await _run(_asked(RONI, "is inv010023 paid?")) == [_expected("INV-010023", "paid")]


async def test_a_cancelled_order_s_invoice_is_void(shop_db: str) -> None:
    texts = await _run(_asked(JAN))
    assert texts == [_expected("INV-010025", "void (cancelled), so nothing is owed on it")]


async def test_someone_elses_invoice_gets_the_same_answer_as_a_missing_one(shop_db: str) -> None:
    other = await _run(_asked(VERONICA, "INV-010023", [entity("invoice_id", "INV-010023")]))
    missing = await _run(_asked(VERONICA, "INV-999999", [entity("invoice_id", "INV-999999")]))
    other_order = await _run(_asked(VERONICA, "10023", [entity("order_id", "10023")]))
    missing_order = await _run(_asked(VERONICA, "99999", [entity("order_id", "99999")]))
    assert other == [NOT_FOUND.format("INV-010023")]
    assert missing == [NOT_FOUND.format("INV-999999")]
    template = "I couldn't find an invoice for order {} in your account."
    assert other_order == [template.format(10023)]
    assert missing_order == [template.format(99999)]


async def test_a_customer_without_invoices(shop_db: str) -> None:
    assert await _run(_asked(DIEGO)) == [NO_INVOICES]


async def test_the_request_s_number_counts_after_an_in_chat_verification(shop_db: str) -> None:
    tracker = build_tracker(
        "10003",
        "inform",
        [entity("order_id", "10003")],
        slots={"verified_customer_id": proof_for(RONI, 10023)},  # a guest: that order's invoice
        earlier=[
            user_event(
                "check invoice INV-010023", "check_invoice", [entity("invoice_id", "INV-010023")]
            )
        ],
    )
    assert await _run(tracker) == [_expected("INV-010023", "paid")]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("invoice_id", "INV-0100'; DROP TABLE invoices; --", INVALID_INVOICE),
        ("invoice_id", "x" * 10_000, INVALID_INVOICE),
        ("invoice_id", "🙂", INVALID_INVOICE),
        ("order_id", "\x00", INVALID_NUMBER),
        ("order_id", "\u202e10023", INVALID_NUMBER),
    ],
)
async def test_strange_numbers_get_a_polite_answer(
    shop_db: str, name: str, value: str, expected: str
) -> None:
    assert await _run(_asked(RONI, value, [entity(name, value)])) == [expected]


@pytest.mark.parametrize("token", [None, "forged.token", token_for(RONI) + "x"])
async def test_without_a_valid_identity_nothing_is_revealed(
    shop_db: str, token: str | None
) -> None:
    tracker = build_tracker(
        "check invoice INV-010023",
        "check_invoice",
        [entity("invoice_id", "INV-010023")],
        token=token,
    )
    assert await _run(tracker) == [NOT_LOGGED_IN]


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.billing.check_invoice")
    assert await _run(_asked(RONI)) == [UNAVAILABLE]
