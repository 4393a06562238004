from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from icrm_models.after_sales.eligibility import ReturnCheck, Verdict, check_return
from icrm_models.db.schema import Customer, Return
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.shop import AS_OF
from tests.helpers.shop_changes import deliver

RONI, VERONICA, AHMED, JAN = 1, 2, 3, 5
IN_TRANSIT = DEMO_ORDER_IDS["in_transit"]  # Roni's


def _check(
    session: Session,
    customer_id: int,
    order_id: int,
    *,
    window_days: int = 30,
    now: datetime = AS_OF,
) -> ReturnCheck:
    return check_return(
        session, customer_id=customer_id, order_id=order_id, window_days=window_days, now=now
    )


def test_a_delivered_order_within_the_window_may_be_returned(shop: Engine) -> None:
    delivered = AS_OF - timedelta(days=3)
    with Session(shop) as session:
        deliver(session, IN_TRANSIT, delivered)
        check = _check(session, RONI, IN_TRANSIT)
    assert check.verdict is Verdict.ELIGIBLE and check.eligible
    assert check.delivered_at == delivered
    assert check.return_by == delivered + timedelta(days=30)
    assert check.item_count >= 1 and check.first_item


def test_the_window_counts_from_delivery_and_its_last_moment_still_counts(shop: Engine) -> None:
    delivered = AS_OF - timedelta(days=30)
    with Session(shop) as session:
        deliver(session, IN_TRANSIT, delivered)
        last_moment = _check(session, RONI, IN_TRANSIT, now=delivered + timedelta(days=30))
        too_late = _check(session, RONI, IN_TRANSIT, now=delivered + timedelta(days=30, seconds=1))
        shorter = _check(session, RONI, IN_TRANSIT, window_days=14)
    assert last_moment.verdict is Verdict.ELIGIBLE
    assert too_late.verdict is Verdict.WINDOW_CLOSED
    assert too_late.return_by == delivered + timedelta(days=30)
    assert shorter.verdict is Verdict.WINDOW_CLOSED


@pytest.mark.parametrize(
    ("customer_id", "state", "status"),
    [
        (RONI, "in_transit", "shipped"),
        (VERONICA, "processing", "processing"),
        (JAN, "cancelled", "cancelled"),
    ],
)
def test_orders_not_delivered_cannot_be_returned(
    shop: Engine, customer_id: int, state: str, status: str
) -> None:
    with Session(shop) as session:
        check = _check(session, customer_id, DEMO_ORDER_IDS[state])
    assert check.verdict is Verdict.NOT_DELIVERED
    assert check.order_status == status and check.return_by is None


def test_an_order_already_being_returned_cannot_be_returned_again(shop: Engine) -> None:
    with Session(shop) as session:
        check = _check(session, AHMED, DEMO_ORDER_IDS["delivered_return"])
    assert check.verdict is Verdict.ALREADY_RETURNED


def test_a_rejected_return_does_not_block_a_new_one(shop: Engine) -> None:
    order_id = DEMO_ORDER_IDS["delivered_return"]
    with Session(shop) as session:
        session.execute(update(Return).where(Return.order_id == order_id).values(status="rejected"))
        session.commit()
        check = _check(session, AHMED, order_id)
    assert check.verdict is Verdict.ELIGIBLE


def test_someone_elses_order_looks_exactly_like_a_missing_one(shop: Engine) -> None:
    with Session(shop) as session:
        deliver(session, IN_TRANSIT, AS_OF - timedelta(days=3))
        other = _check(session, VERONICA, IN_TRANSIT)
        missing = _check(session, VERONICA, 99_999_999)
    assert other.verdict is missing.verdict is Verdict.NOT_FOUND
    assert other.order_status is None and other.delivered_at is None and other.item_count == 0


def test_an_erased_customer_has_no_orders_to_return(shop: Engine) -> None:
    with Session(shop) as session:
        deliver(session, IN_TRANSIT, AS_OF - timedelta(days=3))
        session.execute(update(Customer).where(Customer.id == RONI).values(deleted_at=AS_OF))
        session.commit()
        check = _check(session, RONI, IN_TRANSIT)
    assert check.verdict is Verdict.NOT_FOUND
