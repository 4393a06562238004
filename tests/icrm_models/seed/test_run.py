import pytest
from sqlalchemy import Engine, func, select

from icrm_models.db.schema import Customer, Order, Product, SyntheticTruth
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import AlreadySeededError, is_empty, reset, seed
from tests.helpers.shop import AS_OF


def _count(engine: Engine, table: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_seed_fills_every_area_of_the_shop(engine: Engine) -> None:
    progress: list[int] = []
    totals = seed(
        engine, SeedConfig(customers=120, as_of=AS_OF, chunk_size=50), on_progress=progress.append
    )
    assert progress == [50, 100, 120]
    assert _count(engine, Customer) == 120
    assert _count(engine, Product) == 197
    assert _count(engine, SyntheticTruth) == 120
    assert _count(engine, Order) == totals["orders"] > 120
    for table in (
        "shipments",
        "tracking_events",
        "invoices",
        "payments",
        "returns",
        "refunds",
        "behaviour_events",
        "order_items",
    ):
        assert totals[table] > 0, table


def test_seeding_twice_is_refused_and_reset_starts_over(engine: Engine) -> None:
    config = SeedConfig(customers=20, as_of=AS_OF)
    seed(engine, config)
    with pytest.raises(AlreadySeededError):
        seed(engine, config)
    reset(engine)
    assert is_empty(engine)
    seed(engine, config)
    assert _count(engine, Customer) == 20


def test_rows_without_an_id_can_follow_a_seed(engine: Engine) -> None:
    """Bulk loads write ids themselves; the database must still number new rows after them."""
    from datetime import UTC, datetime

    from sqlalchemy.orm import Session

    from icrm_models.db.schema import OutboxMessage, SupportTicket

    seed(engine, SeedConfig(customers=20, as_of=AS_OF))
    with Session(engine) as session:
        seeded_ticket = session.scalar(select(func.max(SupportTicket.id))) or 0
        seeded_message = session.scalar(select(func.max(OutboxMessage.id))) or 0
        ticket = SupportTicket(
            customer_id=1,
            category="service",
            priority="normal",
            status="open",
            summary="x",
            created_at=datetime.now(UTC),
        )
        message = OutboxMessage(
            channel="email",
            recipient="a@example.com",
            template="t",
            subject="s",
            body="b",
            created_at=datetime.now(UTC),
        )
        session.add_all([ticket, message])
        session.commit()
        assert seeded_ticket > 0  # the seed wrote ticket ids of its own (and no messages yet)
        assert ticket.id > seeded_ticket and message.id > seeded_message


def test_reset_keeps_imported_customers_unless_forced(sqlite_engine: Engine) -> None:
    from pathlib import Path

    from icrm_models.importers.online_retail import import_online_retail
    from icrm_models.seed.run import RealDataError

    sample = Path(__file__).parents[2] / "data" / "online_retail_sample.csv"
    import_online_retail(sqlite_engine, sample)
    with pytest.raises(RealDataError, match="--force"):
        reset(sqlite_engine)
    assert _count(sqlite_engine, Customer) == 3
    reset(sqlite_engine, force=True)
    assert is_empty(sqlite_engine)
