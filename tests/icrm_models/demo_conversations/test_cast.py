"""The demo's cast: real customers of the seeded shop, each with one of their own orders."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, update

from icrm_models.clock import utc_now
from icrm_models.db.tables.customers import Customer
from icrm_models.db.tables.orders import Order
from icrm_models.demo_conversations.cast import load_cast


def test_every_customer_comes_with_an_order_of_their_own(shop: Engine) -> None:
    cast = load_cast(shop)
    assert cast
    with shop.connect() as connection:
        owners = dict(connection.execute(select(Order.id, Order.customer_id)).all())
        emails = dict(connection.execute(select(Customer.id, Customer.email)).all())
        delivered = {
            row.customer_id
            for row in connection.execute(
                select(Order.customer_id).where(Order.status == "delivered")
            )
        }
    for customer in cast:
        assert owners[customer.order_id] == customer.id
        assert emails[customer.id] == customer.email
    # a customer with a delivered order is played with one (what returns are about)
    with shop.connect() as connection:
        statuses = dict(connection.execute(select(Order.id, Order.status)).all())
    assert all(statuses[c.order_id] == "delivered" for c in cast if c.id in delivered)


def test_erased_and_excluded_customers_are_left_alone(shop: Engine) -> None:
    everyone = load_cast(shop)
    erased = everyone[0].id
    with shop.begin() as connection:
        connection.execute(
            update(Customer).where(Customer.id == erased).values(deleted_at=utc_now())
        )
    cast = load_cast(shop, exclude={everyone[1].id})
    assert {c.id for c in cast} == {c.id for c in everyone} - {erased, everyone[1].id}
    assert len(load_cast(shop, limit=2)) == 2


def test_an_unseeded_shop_says_how_to_seed_it(sqlite_engine: Engine) -> None:
    with pytest.raises(ValueError, match="icrm seed"):
        load_cast(sqlite_engine)
