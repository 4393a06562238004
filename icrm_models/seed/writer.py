"""Write generated rows to the database in bulk, table by table in foreign-key order.

Rows go to the driver's ``executemany`` as plain tuples, converted once per column with the
column type's own bind processor: the same values SQLAlchemy's ``insert()`` would send, without
its per-row parameter bookkeeping, which cost more than the database's own work (a million
customers are some 40 million rows).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC
from decimal import Decimal
from typing import Any

import numpy as np
from sqlalchemy import Connection, Table

from icrm_models.db.schema import Base
from icrm_models.seed.rows import Columns

# Parents before children, so foreign keys hold inside every chunk's transaction.
INSERT_ORDER = (
    "customers",
    "consent_changes",
    "synthetic_truth",
    "products",
    "orders",
    "order_items",
    "invoices",
    "payments",
    "shipments",
    "tracking_events",
    "returns",
    "refunds",
    "support_tickets",
    "offers",
    "behaviour_events",
    "outbox",
)


def table(name: str) -> Table:
    """The table called ``name``."""
    return Base.metadata.tables[name]


def write_rows(
    connection: Connection, rows: Mapping[str, Sequence[dict[str, Any]]]
) -> dict[str, int]:
    """Insert every table's rows (one executemany each); returns the number of rows per table.

    A table's rows are dicts with the same keys (column names; a missing key is an error) or
    :class:`Columns`, whose values are converted a column at a time.
    """
    unknown = set(rows) - set(INSERT_ORDER)
    if unknown:
        raise ValueError(f"no insert order for tables: {sorted(unknown)}")
    counts: dict[str, int] = {}
    for name in INSERT_ORDER:
        batch = rows.get(name)
        if not batch:
            continue
        if isinstance(batch, Columns):
            if batch.head:
                _insert_dicts(connection, table(name), batch.head)
            if len(batch) > len(batch.head):
                _insert_columns(connection, table(name), batch)
        else:
            _insert_dicts(connection, table(name), list(batch))
        counts[name] = len(batch)
    return counts


Processor = Callable[[Any], Any] | None


def _statement(connection: Connection, target: Table, names: list[str]) -> str:
    dialect = connection.dialect
    placeholder = "?" if dialect.paramstyle == "qmark" else "%s"
    preparer = dialect.identifier_preparer
    return (
        f"INSERT INTO {preparer.format_table(target)} "
        f"({', '.join(preparer.quote(n) for n in names)}) "
        f"VALUES ({', '.join([placeholder] * len(names))})"
    )


def _processors(connection: Connection, target: Table, names: list[str]) -> list[Processor]:
    """Each column type's conversion of a Python value for this database (None: as is)."""
    dialect = connection.dialect
    return [target.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]


def _insert_columns(connection: Connection, target: Table, batch: Columns) -> None:
    names = list(batch.data)
    sqlite = connection.dialect.name == "sqlite"
    columns: list[list[Any]] = []
    for name, process in zip(names, _processors(connection, target, names), strict=True):
        values = batch.data[name]
        if name in batch.times:
            columns.append(_times(np.asarray(values, dtype="datetime64[us]"), sqlite=sqlite))
        elif name in batch.money:
            cents = np.asarray(values, dtype=np.int64)
            # cents / 100 is the float nearest to the exact amount, as float(Decimal) would be.
            columns.append(
                (cents / 100).tolist() if sqlite else [Decimal(int(c)).scaleb(-2) for c in cents]
            )
        else:
            plain = values.tolist() if isinstance(values, np.ndarray) else list(values)
            if process is not None:
                done: dict[int, Any] = {}  # shared values (e.g. JSON dicts) convert once
                plain = [
                    None
                    if v is None
                    else done[id(v)]
                    if id(v) in done
                    else done.setdefault(id(v), process(v))
                    for v in plain
                ]
            columns.append(plain)
    connection.exec_driver_sql(
        _statement(connection, target, names), list(zip(*columns, strict=True))
    )


def _times(values: np.ndarray, *, sqlite: bool) -> list[Any]:
    """UTC ``datetime64[us]`` as SQLAlchemy binds a timezone-aware datetime (NaT: None)."""
    missing = np.isnat(values)
    if not sqlite:
        return [
            None if m else v.replace(tzinfo=UTC)
            for v, m in zip(values.astype(object), missing, strict=True)
        ]
    text = np.datetime_as_string(values, unit="us").astype("S26")
    chars = text.view(np.uint8).reshape(len(text), 26)
    chars[:, 10] = ord(" ")  # SQLAlchemy's SQLite format: "2026-11-23 08:15:00.000000"
    strings = text.astype(str).tolist()
    return [None if m else s for s, m in zip(strings, missing.tolist(), strict=True)]


def _insert_dicts(connection: Connection, target: Table, batch: list[dict[str, Any]]) -> None:
    names = list(batch[0])
    processors = _processors(connection, target, names)
    sql = _statement(connection, target, names)
    converted = [(i, p) for i, p in enumerate(processors) if p is not None]
    params: list[tuple[Any, ...]] = []
    append = params.append
    for row in batch:
        values = [row[n] for n in names]
        for i, process in converted:
            value = values[i]
            if value is not None:
                values[i] = process(value)
        append(tuple(values))
    connection.exec_driver_sql(sql, params)
