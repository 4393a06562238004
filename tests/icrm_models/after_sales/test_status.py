from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from icrm_models.after_sales.status import refund_cases
from icrm_models.db.schema import Refund, Return
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.shop import AS_OF

RONI, VERONICA, AHMED, JAN = 1, 2, 3, 5
AHMEDS_RETURN = DEMO_ORDER_IDS["delivered_return"]


def test_a_return_in_progress(shop: Engine) -> None:
    with Session(shop) as session:
        refund = session.scalars(select(Refund).where(Refund.order_id == AHMEDS_RETURN)).one()
        ret = session.scalars(select(Return).where(Return.order_id == AHMEDS_RETURN)).one()
        cases = refund_cases(session, customer_id=AHMED)
    assert len(cases) == 1
    case = cases[0]
    assert (case.order_id, case.return_status, case.refund_status) == (
        AHMEDS_RETURN,
        "received",
        "processing",
    )
    assert case.amount == refund.amount and case.currency == "EUR"
    assert case.requested_at == ret.requested_at and case.received_at == ret.received_at
    assert case.paid_at is None


def test_newest_first_and_limited(shop: Engine) -> None:
    with Session(shop) as session:
        cases = refund_cases(session, customer_id=VERONICA, limit=10)
        newest = refund_cases(session, customer_id=VERONICA, limit=1)
    assert len(cases) >= 2
    assert [c.last_change for c in cases] == sorted((c.last_change for c in cases), reverse=True)
    assert newest == cases[:1]
    assert all(c.refund_status == "paid" and c.paid_at is not None for c in cases)


def test_only_the_named_order_and_only_ones_own(shop: Engine) -> None:
    with Session(shop) as session:
        own = refund_cases(session, customer_id=AHMED, order_id=AHMEDS_RETURN)
        other = refund_cases(session, customer_id=VERONICA, order_id=AHMEDS_RETURN)
        missing = refund_cases(session, customer_id=AHMED, order_id=99_999_999)
        nothing = refund_cases(session, customer_id=RONI)
    assert [c.order_id for c in own] == [AHMEDS_RETURN]
    assert other == missing == nothing == []


def test_an_order_is_summarised_by_its_least_advanced_part(shop: Engine) -> None:
    order_id = DEMO_ORDER_IDS["in_transit"]
    with Session(shop) as session:
        for status in ("received", "requested"):
            session.add(
                Return(
                    order_id=order_id,
                    customer_id=RONI,
                    order_item_id=None,
                    quantity=1,
                    reason="too big",
                    status=status,
                    requested_at=AS_OF - timedelta(days=2),
                    received_at=AS_OF - timedelta(days=1) if status == "received" else None,
                )
            )
        for status, amount in (("paid", "10.00"), ("processing", "5.50")):
            session.add(
                Refund(
                    order_id=order_id,
                    return_id=None,
                    amount=Decimal(amount),
                    status=status,
                    method="original_payment",
                    created_at=AS_OF - timedelta(hours=5),
                    paid_at=AS_OF - timedelta(hours=1) if status == "paid" else None,
                )
            )
        session.commit()
        (case,) = refund_cases(session, customer_id=RONI)
        assert (case.return_status, case.refund_status) == ("requested", "processing")
        assert case.amount == Decimal("15.50") and case.paid_at is None
        assert case.last_change == AS_OF - timedelta(hours=1)
        session.add(
            Refund(
                order_id=order_id,
                return_id=None,
                amount=Decimal("1.00"),
                status="failed",
                method="original_payment",
                created_at=AS_OF,
                paid_at=None,
            )
        )
        session.commit()
        (failed,) = refund_cases(session, customer_id=RONI)
    assert failed.refund_status == "failed" and failed.last_change == AS_OF


def test_a_refund_without_a_return(shop: Engine) -> None:
    order_id = DEMO_ORDER_IDS["cancelled"]
    with Session(shop) as session:
        session.add(
            Refund(
                order_id=order_id,
                return_id=None,
                amount=Decimal("56.00"),
                status="pending",
                method="original_payment",
                created_at=AS_OF,
                paid_at=None,
            )
        )
        session.commit()
        (case,) = refund_cases(session, customer_id=JAN)
    assert case.return_status is None and case.refund_status == "processing"
    assert case.amount == Decimal("56.00")
