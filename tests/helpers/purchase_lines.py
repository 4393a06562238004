"""Hand-written purchase lines for recommender tests, dated relative to one cut."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

CUT = datetime(2026, 1, 1, tzinfo=UTC)


def lines_before_cut(rows: list[tuple[int, int, int, int]]) -> pd.DataFrame:
    """(customer, order, product, days before CUT; negative: after it) -> purchase lines."""
    return pd.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "order_id": [r[1] for r in rows],
            "product_id": [r[2] for r in rows],
            "placed_at": [pd.Timestamp(CUT) - pd.Timedelta(days=r[3]) for r in rows],
        }
    )
