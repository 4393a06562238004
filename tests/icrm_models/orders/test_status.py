from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.orders.status import order_status, parse_order_number, recent_orders
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.demo import DEMO_ORDER_IDS
from icrm_models.seed.run import seed
from tests.helpers.shop import AS_OF


@pytest.fixture
def shop(engine: Engine) -> Engine:
    seed(engine, SeedConfig(customers=12, as_of=AS_OF))
    return engine


def test_an_order_in_transit_has_carrier_last_scan_and_eta(shop: Engine) -> None:
    with Session(shop) as session:
        status = order_status(session, customer_id=1, order_id=DEMO_ORDER_IDS["in_transit"])
    assert status is not None
    assert status.status == "shipped" and status.shipment_status == "in_transit"
    assert status.carrier and status.tracking_number
    assert status.last_scan is not None and status.last_scan.occurred_at <= AS_OF
    assert status.eta is not None and status.eta > AS_OF
    assert status.item_count >= 1 and status.first_item


def test_a_processing_order_has_no_parcel_yet(shop: Engine) -> None:
    with Session(shop) as session:
        status = order_status(session, customer_id=2, order_id=DEMO_ORDER_IDS["processing"])
    assert status is not None and status.carrier is None
    assert AS_OF - status.placed_at < timedelta(days=1)


def test_someone_elses_order_looks_exactly_like_a_missing_one(shop: Engine) -> None:
    with Session(shop) as session:
        other = order_status(session, customer_id=2, order_id=DEMO_ORDER_IDS["in_transit"])
        missing = order_status(session, customer_id=2, order_id=99_999_999)
    assert other is None and missing is None


def test_recent_orders_newest_first(shop: Engine) -> None:
    with Session(shop) as session:
        orders = recent_orders(session, customer_id=1, limit=3)
    assert orders[0] == (DEMO_ORDER_IDS["in_transit"], "shipped")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10023", 10023),
        (" #10023 ", 10023),
        ("abc", None),
        ("", None),
        (None, None),
        ("1" * 40, None),
        ("10023; DROP TABLE orders", None),
        ("-5", None),
    ],
)
def test_parse_order_number(text: str | None, expected: int | None) -> None:
    assert parse_order_number(text) == expected
