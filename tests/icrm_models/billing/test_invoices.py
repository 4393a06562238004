from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from icrm_models.billing.invoices import InvoiceView, find_invoice
from icrm_models.db.schema import Customer, Invoice
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.shop import AS_OF

RONI, VERONICA, JAN, DIEGO = 1, 2, 5, 9
ORDER = DEMO_ORDER_IDS["in_transit"]


def test_by_number_by_order_and_the_latest(shop: Engine) -> None:
    with Session(shop) as session:
        by_number = find_invoice(session, customer_id=RONI, number="INV-010023")
        by_order = find_invoice(session, customer_id=RONI, order_id=ORDER)
        latest = find_invoice(session, customer_id=RONI)
    assert by_number == by_order == latest
    assert isinstance(by_number, InvoiceView)
    assert (by_number.number, by_number.order_id, by_number.status, by_number.currency) == (
        "INV-010023",
        ORDER,
        "paid",
        "EUR",
    )
    assert by_number.amount > Decimal(0)
    assert AS_OF - by_number.issued_at < timedelta(days=3)


def test_the_latest_is_the_newest_issued(shop: Engine) -> None:
    with Session(shop) as session:
        session.execute(
            update(Invoice)
            .where(Invoice.number == "INV-010023")
            .values(issued_at=AS_OF - timedelta(days=999))
        )
        session.commit()
        latest = find_invoice(session, customer_id=RONI)
    assert latest is not None and latest.number != "INV-010023"


def test_a_cancelled_orders_invoice_is_void(shop: Engine) -> None:
    with Session(shop) as session:
        invoice = find_invoice(session, customer_id=JAN, order_id=DEMO_ORDER_IDS["cancelled"])
    assert invoice is not None and invoice.status == "void"


def test_someone_elses_invoice_looks_exactly_like_a_missing_one(shop: Engine) -> None:
    with Session(shop) as session:
        results = [
            find_invoice(session, customer_id=VERONICA, number="INV-010023"),
            find_invoice(session, customer_id=VERONICA, number="INV-999999"),
            find_invoice(session, customer_id=VERONICA, order_id=ORDER),
            find_invoice(session, customer_id=VERONICA, order_id=99_999_999),
            find_invoice(session, customer_id=DIEGO),  # no orders at all
        ]
    assert results == [None] * 5


def test_an_erased_customer_has_no_invoices(shop: Engine) -> None:
    with Session(shop) as session:
        session.execute(update(Customer).where(Customer.id == RONI).values(deleted_at=AS_OF))
        session.commit()
        assert find_invoice(session, customer_id=RONI) is None
