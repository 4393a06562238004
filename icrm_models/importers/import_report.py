"""What an import did: rows read and stored, and every rejected row counted by reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """What an import did: rows read, rows stored, and every rejected row counted by reason."""

    rows_read: int = 0
    rows_imported: int = 0
    orders: int = 0
    credit_notes: int = 0
    guest_rows: int = 0
    non_merchandise_rows: int = 0
    customers_created: int = 0
    products_created: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    duplicate_rows: int = 0
    already_imported: int = 0

    @property
    def rows_rejected(self) -> int:
        return sum(self.rejected.values())

    def summary(self) -> list[tuple[str, int]]:
        """The report as (label, count) lines, rejected reasons last."""
        lines = [
            ("rows read", self.rows_read),
            ("rows imported", self.rows_imported),
            ("rows skipped: invoice already in the database", self.already_imported),
            ("  of which guest rows (no CustomerID)", self.guest_rows),
            (
                "  of which postage, fees and adjustments (kept, not counted as purchases)",
                self.non_merchandise_rows,
            ),
            ("  of which exact duplicates of an earlier row (kept)", self.duplicate_rows),
            ("orders", self.orders),
            ("credit notes (C invoices)", self.credit_notes),
            ("customers created", self.customers_created),
            ("products created", self.products_created),
            ("rows rejected", self.rows_rejected),
        ]
        lines += [(f"  rejected: {reason}", n) for reason, n in sorted(self.rejected.items())]
        return lines
