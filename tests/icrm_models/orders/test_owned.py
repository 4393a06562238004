"""The ownership rule, written once: a customer's own orders only, none for an erased account."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer, Order
from icrm_models.orders.owned import order_summary, owned_by, owned_order, owned_orders
from icrm_models.orders.status import recent_orders
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.shop import AS_OF

IN_TRANSIT = DEMO_ORDER_IDS["in_transit"]  # customer 1's


def _all_order_ids(session: Session, customer_id: int) -> set[int]:
    """Every order ``customer_id`` placed, read without the rule (the reference)."""
    rows = session.scalars(select(Order.id).where(Order.customer_id == customer_id))
    return set(rows)


def test_the_customers_own_order_is_found_and_anyone_elses_is_like_a_missing_one(
    shop: Engine,
) -> None:
    with Session(shop) as session:
        own = owned_order(session, customer_id=1, order_id=IN_TRANSIT)
        other = owned_order(session, customer_id=2, order_id=IN_TRANSIT)
        missing = owned_order(session, customer_id=2, order_id=99_999_999)
    assert own is not None and own.id == IN_TRANSIT and own.customer_id == 1
    assert other is None and missing is None


def test_owned_orders_are_exactly_the_orders_the_customer_placed(shop: Engine) -> None:
    with Session(shop) as session:
        for customer_id in (1, 2, 3):
            found = {o.id for o in session.scalars(owned_orders(customer_id))}
            assert found == _all_order_ids(session, customer_id)
            assert found  # the seeded customers have orders: the comparison means something


def test_an_erased_account_owns_nothing(shop: Engine) -> None:
    with Session(shop) as session:
        session.get(Customer, 1).deleted_at = AS_OF  # type: ignore[union-attr]
        session.commit()
        assert owned_order(session, customer_id=1, order_id=IN_TRANSIT) is None
        assert order_summary(session, customer_id=1, order_id=IN_TRANSIT) is None
        assert list(session.scalars(owned_orders(1))) == []
        assert recent_orders(session, customer_id=1) == []
        assert _all_order_ids(session, 1)  # the orders are still there, just nobody's


def test_the_condition_fits_a_query_that_joins_the_customers_itself(shop: Engine) -> None:
    # The account check must not correlate with the outer query's customers row.
    with Session(shop) as session:
        joined = set(
            session.scalars(
                select(Order.id).join(Customer, Customer.id == Order.customer_id).where(owned_by(2))
            )
        )
        assert joined == _all_order_ids(session, 2)


def test_a_locked_read_finds_the_same_order(shop: Engine) -> None:
    with Session(shop) as session:
        locked = owned_order(session, customer_id=1, order_id=IN_TRANSIT, for_update=True)
        assert locked is not None and locked.id == IN_TRANSIT
        assert owned_order(session, customer_id=2, order_id=IN_TRANSIT, for_update=True) is None


def test_the_summary_has_the_facts_of_the_order(shop: Engine) -> None:
    with Session(shop) as session:
        order = session.get(Order, IN_TRANSIT)
        summary = order_summary(session, customer_id=1, order_id=IN_TRANSIT)
    assert order is not None and summary is not None
    assert (summary.order_id, summary.status, summary.total, summary.currency) == (
        order.id,
        order.status,
        order.total,
        order.currency,
    )


def test_the_shops_recent_list_is_the_latest_orders(shop: Engine) -> None:
    with Session(shop) as session:
        assert recent_orders(session, customer_id=2, limit=3) == [
            (10021, "processing"),
            (10041, "delivered"),
            (10040, "delivered"),
        ]
