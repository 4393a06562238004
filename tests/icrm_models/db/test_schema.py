from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, inspect, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from icrm_models.db.migrate import upgrade
from icrm_models.db.schema import Base, Customer, Order

REQUIRED_TABLES = {
    "customers",
    "consent_changes",
    "products",
    "orders",
    "order_items",
    "shipments",
    "tracking_events",
    "returns",
    "refunds",
    "invoices",
    "payments",
    "support_tickets",
    "offers",
    "behaviour_events",
    "outbox",
}
# Every look-up the actions make must be backed by an index (or a primary/unique key).
LOOKUPS = {
    "orders": [["customer_id", "placed_at"]],
    "order_items": [["order_id"]],
    "shipments": [["order_id"]],
    "tracking_events": [["shipment_id", "occurred_at"]],
    "invoices": [["order_id"], ["customer_id"]],
    "returns": [["order_id"], ["customer_id"]],
    "refunds": [["order_id"]],
    "support_tickets": [["customer_id", "created_at"]],
    "behaviour_events": [["customer_id", "occurred_at"]],
    "offers": [["customer_id", "shown_at"]],
}


def test_migration_creates_every_table_of_the_model(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert tables >= REQUIRED_TABLES
    assert set(Base.metadata.tables) <= tables


def test_migration_is_idempotent(engine: Engine) -> None:
    upgrade(engine)
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= REQUIRED_TABLES


@pytest.mark.parametrize(
    ("table", "columns"), [(t, c) for t, cols in LOOKUPS.items() for c in cols]
)
def test_lookups_are_indexed(engine: Engine, table: str, columns: list[str]) -> None:
    indexed = [ix["column_names"] for ix in inspect(engine).get_indexes(table)]
    assert columns in indexed, f"{table}{columns} has no index (have {indexed})"


def test_unique_email_and_invoice_number(engine: Engine) -> None:
    now = datetime.now(UTC)
    with Session(engine) as session:
        session.add(Customer(email="a@example.com", name="A", created_at=now))
        session.commit()
        session.add(Customer(email="a@example.com", name="B", created_at=now))
        with pytest.raises(IntegrityError):
            session.commit()


def test_timestamps_come_back_timezone_aware_and_money_exact(engine: Engine) -> None:
    placed = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    with Session(engine) as session:
        session.add(Customer(id=1, email="a@example.com", name="A", created_at=placed))
        session.add(
            Order(
                id=10001,
                customer_id=1,
                status="processing",
                placed_at=placed,
                total=Decimal("19.99"),
            )
        )
        session.commit()
    with Session(engine) as session:
        order = session.execute(select(Order)).scalar_one()
        assert order.placed_at == placed
        assert order.placed_at.tzinfo is not None
        assert order.total == Decimal("19.99")


def test_naive_timestamps_are_refused(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(Customer(email="a@example.com", name="A", created_at=datetime(2026, 1, 1)))
        with pytest.raises(StatementError, match="naive datetime"):
            session.commit()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(
            Order(
                id=10001,
                customer_id=999,
                status="processing",
                placed_at=datetime.now(UTC),
                total=Decimal(1),
            )
        )
        with pytest.raises(IntegrityError):
            session.commit()


def test_the_migrations_match_the_orm_model(engine: Engine) -> None:
    """No schema drift: autogenerate finds nothing between the migrated database and the model."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
