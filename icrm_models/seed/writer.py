"""Write generated rows to the database in bulk, table by table in foreign-key order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, insert

from icrm_models.db.schema import Base

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


def write_rows(connection: Connection, rows: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Insert every table's rows (executemany); returns the number of rows per table."""
    unknown = set(rows) - set(INSERT_ORDER)
    if unknown:
        raise ValueError(f"no insert order for tables: {sorted(unknown)}")
    counts: dict[str, int] = {}
    for name in INSERT_ORDER:
        batch = rows.get(name)
        if batch:
            connection.execute(insert(table(name)), batch)
            counts[name] = len(batch)
    return counts
