"""Alembic environment: runs migrations on the engine handed over by icrm_models.db.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, Engine

from icrm_models.db.schema import Base

target_metadata = Base.metadata


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave alone what is not ours, e.g. the ``events`` table of Rasa's tracker store."""
    return not (type_ == "table" and reflected and name not in target_metadata.tables)


def run_migrations_online() -> None:
    engine = context.config.attributes.get("engine")
    if not isinstance(engine, Engine):
        raise RuntimeError("run migrations through `icrm db upgrade`, which passes the engine")
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=sqlite,
                compare_type=True,
                include_object=include_object,
            )
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    _no_dangling_references(connection)
            connection.commit()
        finally:
            if sqlite:
                connection.rollback()
                _sqlite_foreign_keys(connection, on=True)


def _sqlite_foreign_keys(connection: Connection, *, on: bool) -> None:
    """Switch SQLite's foreign-key enforcement (only possible outside a transaction).

    Batch mode changes a SQLite table by copying it into a new one and dropping the old one;
    with enforcement on, dropping a table that other rows refer to fails (``orders`` under its
    ``order_items``). The engine switches it on for every connection, so it is switched back
    before the connection returns to the pool.
    """
    connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _no_dangling_references(connection: Connection) -> None:
    """Refuse to commit migrations that left a row referring to a missing one."""
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if problems:
        raise RuntimeError(f"the migration left rows with dangling foreign keys: {problems[:5]}")


run_migrations_online()
