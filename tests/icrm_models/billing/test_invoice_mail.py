from datetime import datetime, timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from icrm_models.billing.invoice_mail import REPEAT_WINDOW, InvoiceMail, queue_invoice_mail
from icrm_models.db.schema import OutboxMessage
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.shop import AS_OF

RONI, VERONICA = 1, 2
ORDER = DEMO_ORDER_IDS["in_transit"]


def _queue(
    session: Session,
    customer_id: int = RONI,
    *,
    number: str | None = None,
    order_id: int | None = None,
    now: datetime = AS_OF,
) -> InvoiceMail | None:
    return queue_invoice_mail(
        session,
        customer_id=customer_id,
        number=number,
        order_id=order_id,
        shop_name="Luma Sports",
        now=now,
        conversation_id="c" * 300,
    )


def _outbox(session: Session) -> int:
    return session.scalar(select(func.count(OutboxMessage.id))) or 0


def test_the_invoice_is_queued_to_the_address_on_file(shop: Engine) -> None:
    with Session(shop) as session:
        mail = _queue(session, number="INV-010023")
        assert mail is not None
        row = session.get(OutboxMessage, mail.outbox_id)
    assert mail.repeated is False and mail.invoice.number == "INV-010023"
    assert row is not None
    assert (row.channel, row.recipient, row.template, row.status, row.sent_at) == (
        "email",
        "roni_cost@example.com",
        "invoice_copy",
        "queued",
        None,
    )
    assert row.subject == "Your invoice INV-010023"
    assert row.payload == {
        "invoice_number": "INV-010023",
        "order_id": ORDER,
        "pdf_path": "/account/invoices/INV-010023.pdf",
    }
    assert "/account/invoices/INV-010023.pdf" in row.body and "Luma Sports" in row.body
    assert row.customer_id == RONI and row.created_at == AS_OF
    assert row.conversation_id == "c" * 128


def test_asking_again_soon_queues_nothing_more(shop: Engine) -> None:
    with Session(shop) as session:
        first = _queue(session, order_id=ORDER)
        count = _outbox(session)
        again = _queue(session, order_id=ORDER, now=AS_OF + timedelta(minutes=2))
        assert _outbox(session) == count
        later = _queue(session, order_id=ORDER, now=AS_OF + REPEAT_WINDOW + timedelta(seconds=1))
        assert _outbox(session) == count + 1
    assert first is not None and again is not None and later is not None
    assert again.repeated and again.outbox_id == first.outbox_id
    assert not later.repeated


def test_someone_elses_invoice_queues_nothing(shop: Engine) -> None:
    with Session(shop) as session:
        before = _outbox(session)
        assert _queue(session, VERONICA, number="INV-010023") is None
        assert _queue(session, VERONICA, order_id=ORDER) is None
        assert _queue(session, 9) is None  # a customer without invoices
        assert _outbox(session) == before
