"""Alembic environment: runs migrations on the engine handed over by icrm_models.db.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

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
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
