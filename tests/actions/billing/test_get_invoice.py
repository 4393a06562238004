from datetime import timedelta
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

from actions.billing.get_invoice import ActionGetInvoice
from actions.billing.messages import NOT_LOGGED_IN
from actions.errors import UNAVAILABLE
from icrm_models.db.schema import Invoice, OutboxMessage
from tests.helpers.database import break_database
from tests.helpers.identity import token_for
from tests.helpers.shop import AS_OF, shop_clock, shop_session
from tests.helpers.trackers import build_tracker, entity

RONI, VERONICA = 1, 2


def _asked(
    customer_id: int | None,
    text: str = "send me the invoice for order 10023",
    entities: list[Any] | None = None,
) -> Tracker:
    return build_tracker(
        text,
        "get_invoice",
        [entity("order_id", "10023")] if entities is None else entities,
        token=token_for(customer_id) if customer_id else None,
    )


async def _run(tracker: Tracker, clock: Any = shop_clock) -> list[str]:
    dispatcher = CollectingDispatcher()
    events = await ActionGetInvoice(clock=clock).run(dispatcher, tracker, {})
    assert events == []
    return [m["text"] for m in dispatcher.messages]


def _outbox() -> list[OutboxMessage]:
    with shop_session() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _amount(number: str) -> str:
    with shop_session() as session:
        amount = session.scalar(select(Invoice.amount).where(Invoice.number == number))
    return f"{amount:.2f} EUR"


async def test_the_invoice_is_queued_never_sent(shop_db: str) -> None:
    texts = await _run(_asked(RONI))
    assert texts == [
        f"I've queued invoice INV-010023 (order 10023, {_amount('INV-010023')}) to your e-mail "
        "on file, with a link to the PDF."
    ]
    (mail,) = _outbox()
    assert (mail.recipient, mail.template, mail.status, mail.sent_at) == (
        "roni_cost@example.com",
        "invoice_copy",
        "queued",
        None,
    )
    assert mail.payload["pdf_path"] == "/account/invoices/INV-010023.pdf"
    assert mail.conversation_id == "conv-test" and mail.created_at == AS_OF


async def test_asking_twice_queues_one_e_mail(shop_db: str) -> None:
    await _run(_asked(RONI))
    texts = await _run(_asked(RONI), clock=lambda: AS_OF + timedelta(minutes=1))
    assert texts == [
        "Invoice INV-010023 is already queued to your e-mail on file — no need to ask again. If "
        "it doesn't turn up, please check your spam folder."
    ]
    assert len(_outbox()) == 1


async def test_another_address_in_the_request_is_not_used(shop_db: str) -> None:
    tracker = _asked(
        RONI,
        "email invoice INV-010023 to thief@example.com",
        [entity("invoice_id", "INV-010023"), entity("email", "thief@example.com")],
    )
    texts = await _run(tracker)
    assert texts[0].endswith(
        " For your security, invoices only go to the e-mail address on your account."
    )
    assert [m.recipient for m in _outbox()] == ["roni_cost@example.com"]


async def test_someone_elses_invoice_gets_the_same_answer_as_a_missing_one(shop_db: str) -> None:
    other = await _run(_asked(VERONICA, "INV-010023", [entity("invoice_id", "INV-010023")]))
    missing = await _run(_asked(VERONICA, "INV-999999", [entity("invoice_id", "INV-999999")]))
    template = (
        "I couldn't find invoice {} in your account. Please check the number — it's at the top "
        "of the invoice."
    )
    assert other == [template.format("INV-010023")]
    assert missing == [template.format("INV-999999")]
    assert _outbox() == []


@pytest.mark.parametrize("token", [None, "forged.token", token_for(RONI) + "x"])
async def test_without_a_valid_identity_nothing_is_queued(shop_db: str, token: str | None) -> None:
    tracker = build_tracker(
        "send me the invoice for order 10023",
        "get_invoice",
        [entity("order_id", "10023")],
        token=token,
    )
    assert await _run(tracker) == [NOT_LOGGED_IN]
    assert _outbox() == []


async def test_a_database_failure_becomes_an_honest_message(
    shop_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.billing.get_invoice", "insert")
    assert await _run(_asked(RONI)) == [UNAVAILABLE]
    with shop_session() as session:
        assert session.scalar(select(func.count(OutboxMessage.id))) == 0
