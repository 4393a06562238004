"""Seed a database with the Luma catalogue and synthetic customers (what ``icrm seed`` does)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, func, select

from icrm_models.db.migrate import upgrade
from icrm_models.db.schema import Customer, Product
from icrm_models.db.sequences import sync_id_sequences
from icrm_models.seed.catalogue import DEFAULT_CATALOGUE_DIR, read_catalogue
from icrm_models.seed.catalogue_scale import scale_catalogue
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.synthetic import SyntheticShop
from icrm_models.seed.writer import INSERT_ORDER, write_rows

LIVE_CASE_TABLES = ("live_notes", "live_cases")

Progress = Callable[[int], None]
SEED_CACHE_KB = 256 * 1024  # SQLite page cache while seeding


class AlreadySeededError(RuntimeError):
    """The database already holds customers or products."""


def is_empty(engine: Engine) -> bool:
    """True when the database has neither customers nor products."""
    with engine.connect() as conn:
        customers = conn.execute(select(func.count()).select_from(Customer)).scalar_one()
        products = conn.execute(select(func.count()).select_from(Product)).scalar_one()
    return customers == 0 and products == 0


def seed(
    engine: Engine,
    config: SeedConfig,
    *,
    catalogue_dir: Path = DEFAULT_CATALOGUE_DIR,
    on_progress: Progress | None = None,
) -> Counter[str]:
    """Migrate, then fill an empty database; returns the number of rows written per table.

    Each chunk of customers is written in its own transaction, so memory stays bounded by
    ``config.chunk_size`` whatever the number of customers.
    """
    upgrade(engine)
    if not is_empty(engine):
        raise AlreadySeededError(
            "the database already holds data; use `icrm seed --reset` to start over"
        )
    catalogue = read_catalogue(catalogue_dir)
    if config.products:
        catalogue = scale_catalogue(catalogue, config.products, seed=config.seed)
    shop = SyntheticShop(list(enumerate(catalogue, start=1)), config)
    totals: Counter[str] = Counter()
    with engine.begin() as conn:
        totals.update(write_rows(conn, {"products": shop.product_rows()}))
    done = 0
    for rows in shop.chunks():
        with engine.begin() as conn:
            if engine.dialect.name == "sqlite":
                # Millions of rows update a dozen indexes: SQLite's default 2 MB page cache
                # would re-read index pages from disk for most of them (25 % slower at 60k
                # customers, more as the file grows).
                conn.exec_driver_sql(f"PRAGMA cache_size=-{SEED_CACHE_KB}")
            totals.update(write_rows(conn, rows))
        done += len(rows.get("customers", []))
        if on_progress:
            on_progress(done)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:  # pooled connections go back with the default cache
            conn.exec_driver_sql("PRAGMA cache_size=-2000")
    sync_id_sequences(engine)
    return totals


class RealDataError(RuntimeError):
    """A reset would delete customers that are not synthetic."""


def reset(engine: Engine, *, force: bool = False) -> None:
    """Delete every row of the shop's tables (the schema stays).

    Refuses when the database holds imported or real customers, unless ``force`` is set:
    their orders and consent records cannot be generated again.
    """
    from icrm_models.seed.writer import table

    upgrade(engine)
    with engine.connect() as conn:
        real = conn.execute(
            select(func.count()).select_from(Customer).where(Customer.source != "synthetic")
        ).scalar_one()
    if real and not force:
        raise RealDataError(
            f"the database holds {real} customers that are not synthetic (imported or real); "
            "a reset would delete them and their consent records: add --force to do it anyway"
        )
    with engine.begin() as conn:
        # the console's cases (and their notes) point at customers and tickets: they go first;
        # its agents and canned replies are no shop data and stay
        for name in (*LIVE_CASE_TABLES, *reversed(INSERT_ORDER)):
            conn.execute(table(name).delete())
