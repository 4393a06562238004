"""Status and event-type columns hold only their vocabulary: CHECK constraints, migration 0004."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from icrm_models.db.engine import make_engine
from icrm_models.db.event_types import BehaviourEventType, offer_outcome
from icrm_models.db.migrate import alembic_config, upgrade
from icrm_models.db.schema import (
    Base,
    BehaviourEvent,
    Customer,
    Invoice,
    Offer,
    Order,
    OutboxMessage,
    Payment,
    Product,
    Refund,
    Return,
    Shipment,
    SupportTicket,
    TrackingEvent,
)
from icrm_models.db.statuses import OfferStatus, OrderStatus, ShipmentStatus
from icrm_models.db.widths import column_width

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
BAD = "shiped"  # a typo of a real status
# Every table with a vocabulary column, and a row of it whose column holds ``value``.
ROWS: dict[str, Callable[[str], Base]] = {
    "orders": lambda v: Order(status=v, placed_at=NOW, total=Decimal(1)),
    "shipments": lambda v: Shipment(order_id=10001, carrier="DHL", tracking_number="X", status=v),
    "tracking_events": lambda v: TrackingEvent(
        shipment_id=1, occurred_at=NOW, status=v, description="Parcel left the hub"
    ),
    "returns": lambda v: Return(
        order_id=10001, customer_id=1, reason="too small", status=v, requested_at=NOW
    ),
    "refunds": lambda v: Refund(
        order_id=10001, amount=Decimal(1), status=v, method="card", created_at=NOW
    ),
    "invoices": lambda v: Invoice(
        number=f"INV-{v}", order_id=10001, customer_id=1, issued_at=NOW, amount=Decimal(1), status=v
    ),
    "payments": lambda v: Payment(
        order_id=10001, method="card", status=v, amount=Decimal(1), created_at=NOW
    ),
    "offers": lambda v: Offer(product_id=1, model_version="v1", reason="r", status=v, shown_at=NOW),
    "outbox": lambda v: OutboxMessage(
        channel="email",
        recipient="a@example.com",
        template="t",
        subject="s",
        body="b",
        status=v,
        created_at=NOW,
    ),
    "support_tickets": lambda v: SupportTicket(
        category="delivery", priority="normal", status=v, summary="late", created_at=NOW
    ),
    "behaviour_events": lambda v: BehaviourEvent(event_type=v, occurred_at=NOW),
}


def _vocabulary(table: str) -> list[StrEnum]:
    column = "event_type" if table == "behaviour_events" else "status"
    return list(Base.metadata.tables[table].c[column].type.enum)  # type: ignore[attr-defined]


def _parents(session: Session) -> None:
    """The customer, product, order and parcel (id 1) the rows of ``ROWS`` refer to."""
    session.add(Customer(id=1, email="a@example.com", name="A", created_at=NOW))
    session.add(Product(id=1, sku="MJ01", name="Jacket", category="Men/Tops", price=Decimal(9)))
    session.flush()
    session.add(
        Order(id=10001, customer_id=1, status=OrderStatus.SHIPPED, placed_at=NOW, total=Decimal(9))
    )
    session.flush()
    session.add(
        Shipment(
            order_id=10001, carrier="DHL", tracking_number="X", status=ShipmentStatus.IN_TRANSIT
        )
    )
    session.flush()


def test_only_values_of_the_vocabulary_are_stored(engine: Engine) -> None:
    with Session(engine) as session:
        _parents(session)
        for table, row in ROWS.items():
            for value in _vocabulary(table):
                with session.begin_nested():
                    session.add(row(value))
            with pytest.raises(IntegrityError, match=f"ck_{table}_"), session.begin_nested():
                session.add(row(BAD))


def test_members_are_stored_as_their_value_and_read_back_as_members(engine: Engine) -> None:
    with Session(engine) as session:
        _parents(session)
        session.commit()
    with Session(engine) as session:
        status = session.execute(select(Order.status)).scalar_one()
        parcel = session.execute(select(Shipment)).scalar_one()
        stored = session.execute(text("select status from orders")).scalar_one()
    assert status is OrderStatus.SHIPPED and status == "shipped"
    assert parcel.status is ShipmentStatus.IN_TRANSIT
    assert type(stored) is str and stored == "shipped"  # the value, not the member's name


def _checks(engine: Engine) -> dict[str, list[tuple[str | None, str]]]:
    inspector = inspect(engine)
    return {
        table: sorted(
            (c["name"], " ".join(c["sqltext"].split()))
            for c in inspector.get_check_constraints(table)
        )
        for table in sorted(ROWS)
    }


def test_the_migrations_and_create_all_make_the_same_constraints(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    migrated = _checks(sqlite_engine)
    fresh = make_engine(f"sqlite:///{tmp_path}/fresh.db")
    Base.metadata.create_all(fresh)
    try:
        assert _checks(fresh) == migrated
        assert all(migrated.values())
    finally:
        fresh.dispose()


def test_the_migration_upgrades_a_filled_database_and_downgrades(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine, "0003")
        with engine.begin() as conn:  # a shop with orders that other rows refer to
            conn.execute(
                text(
                    "insert into customers (id, email, name, account_type, created_at, "
                    "marketing_consent, newsletter_consent, source) "
                    "values (1, 'a@example.com', 'A', 'personal', :now, false, false, 'shop')"
                ),
                {"now": NOW},
            )
            conn.execute(
                text(
                    "insert into orders (id, customer_id, status, placed_at, total, currency) "
                    "values (10001, 1, 'shipped', :now, 9, 'EUR')"
                ),
                {"now": NOW},
            )
            conn.execute(
                text(
                    "insert into shipments (id, order_id, carrier, tracking_number, status) "
                    "values (1, 10001, 'DHL', 'X', 'in_transit')"
                )
            )
        upgrade(engine)
        names = {c["name"] for c in inspect(engine).get_check_constraints("orders")}
        assert names == {"ck_orders_status"}
        with engine.connect() as conn:
            assert conn.execute(text("select status from shipments")).scalar_one() == "in_transit"
            if engine.dialect.name == "sqlite":  # the migration switched it back on
                assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1

        command.downgrade(alembic_config(engine), "0003")
        assert inspect(engine).get_check_constraints("orders") == []
        with engine.begin() as conn:  # no constraint any more
            conn.execute(text("update orders set status = 'anything'"))
            conn.execute(text("update orders set status = 'shipped'"))
        upgrade(engine)
        assert {c["name"] for c in inspect(engine).get_check_constraints("shipments")} == {
            "ck_shipments_status"
        }
    finally:
        engine.dispose()


def test_the_upgrade_stops_on_a_row_outside_the_vocabulary(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine, "0003")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "insert into support_tickets (category, priority, status, summary, created_at)"
                    " values ('delivery', 'normal', 'closed', 'late', '2026-11-23')"
                )
            )
        with pytest.raises(IntegrityError):
            upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    finally:
        engine.dispose()


def test_offer_answers_have_their_event_type() -> None:
    assert offer_outcome(OfferStatus.ACCEPTED) is BehaviourEventType.OFFER_ACCEPTED
    assert offer_outcome(OfferStatus.IGNORED) == "offer_ignored"
    with pytest.raises(ValueError):
        offer_outcome(OfferStatus.SHOWN)


def test_column_widths_come_from_the_tables() -> None:
    assert column_width(Offer.reason) == 255
    assert column_width(OutboxMessage.body) == 4000
    assert column_width(Customer.city) == 120
    assert column_width(Order.status) == 20  # a vocabulary column is a String too
    with pytest.raises(ValueError, match="fixed width"):
        column_width(SupportTicket.summary)  # Text
    with pytest.raises(ValueError, match="fixed width"):
        column_width(Order.total)
