"""Keep PostgreSQL's id sequences ahead of ids that bulk loads wrote explicitly.

Seeding and importing write ids themselves (fast executemany, stable order numbers), which
PostgreSQL's sequences do not see; without this, the next row inserted without an id (a ticket,
an outbox message) would collide. SQLite needs nothing: it continues from the largest id.
"""

from __future__ import annotations

from sqlalchemy import Engine, Integer, text

from icrm_models.db.schema import Base


def sync_id_sequences(engine: Engine) -> None:
    """Move each table's id sequence to the table's largest id (PostgreSQL only)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            if len(pk) != 1 or not isinstance(pk[0].type, Integer) or pk[0].foreign_keys:
                continue
            column = pk[0].name
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
                    f"COALESCE(MAX({column}), 1), MAX({column}) IS NOT NULL) FROM {table.name}"
                )
            )
