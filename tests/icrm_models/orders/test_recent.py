"""A customer's latest orders: their own only, newest first, nothing for an erased account."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer
from icrm_models.orders.recent import RecentOrder, latest_orders
from tests.helpers.shop import AS_OF


def test_newest_first_with_date_and_status(shop: Engine) -> None:
    with Session(shop) as session:
        orders = latest_orders(session, customer_id=2, limit=3)
    assert [(o.order_id, o.status) for o in orders] == [
        (10021, "processing"),
        (10041, "delivered"),
        (10040, "delivered"),
    ]
    assert all(isinstance(o, RecentOrder) for o in orders)
    assert orders[0].placed_at > orders[1].placed_at > orders[2].placed_at


def test_an_erased_account_has_no_orders_to_show(shop: Engine) -> None:
    with Session(shop) as session:
        session.get(Customer, 2).deleted_at = AS_OF  # type: ignore[union-attr]
        session.commit()
        assert latest_orders(session, customer_id=2) == []
        assert latest_orders(session, customer_id=999) == []


def test_limit_must_be_positive(shop: Engine) -> None:
    with Session(shop) as session, pytest.raises(ValueError, match="limit must be at least 1"):
        latest_orders(session, customer_id=2, limit=0)
