"""Reading every value of every table: how the privacy tests look for what must be gone."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import Engine, MetaData, select


def every_value(engine: Engine) -> Iterator[tuple[str, str, object]]:
    """(table, column, value) for every non-null cell of the database, Rasa's tables included."""
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)).mappings():
                for column, value in row.items():
                    if value is not None:
                        yield table.name, column, value


def as_text(value: object) -> str:
    """A cell as the text a person could read in it (JSON documents serialised)."""
    if isinstance(value, dict | list):
        return json.dumps(value, default=str)
    return str(value)


def columns_mentioning(engine: Engine, needle: str) -> set[tuple[str, str]]:
    """The (table, column) pairs where some text or JSON cell contains ``needle`` (any case)."""
    lowered = needle.lower()
    return {
        (table, column)
        for table, column, value in every_value(engine)
        if isinstance(value, str | dict | list) and lowered in as_text(value).lower()
    }
