"""Human names for segments, read from their profiles the way a CRM analyst would (RFM)."""

from __future__ import annotations

import pandas as pd

REQUIRED = ("recency_days", "frequency", "monetary", "tenure_days", "discount_share", "return_rate")


def name_segments(profiles: pd.DataFrame, population: pd.DataFrame) -> dict[int, str]:
    """A distinct name per segment (index) from its mean recency, frequency, money and tenure.

    Segments are compared with the whole customer base (``population``, one row per customer):
    "Champions" bought more recently than the median customer and as often and as much as the
    top quarter; "At risk" bought often but not lately; and so on.
    """
    missing = [c for c in REQUIRED if c not in profiles.columns or c not in population.columns]
    if missing:
        raise ValueError(f"segment profiles lack columns {missing}")
    median_recency = population["recency_days"].median()
    top_frequency = population["frequency"].quantile(0.75)
    top_spend = population["monetary"].quantile(0.75)
    median_frequency = population["frequency"].median()
    young = population["tenure_days"].quantile(0.25)
    long_gone = population["recency_days"].quantile(0.75)
    names: dict[int, str] = {}
    for segment, p in profiles.iterrows():
        recent = p["recency_days"] < median_recency
        if recent and p["frequency"] >= top_frequency and p["monetary"] >= top_spend:
            name = "Champions"
        elif p["discount_share"] >= 0.5:
            name = "Bargain hunters"
        elif p["return_rate"] >= 0.5:
            name = "Frequent returners"
        elif recent and p["tenure_days"] <= young:
            name = "New customers"
        elif recent and p["frequency"] >= median_frequency:
            name = "Loyal customers"
        elif recent:
            name = "Promising"
        elif p["frequency"] >= median_frequency:
            name = "At risk"
        elif p["recency_days"] >= long_gone:
            name = "Lost"
        else:
            name = "Hibernating"
        names[int(segment)] = name
    return _distinct(names, profiles["monetary"])


def _distinct(names: dict[int, str], spend: pd.Series) -> dict[int, str]:
    """Qualify repeated names by spend ("At risk (high value)"), then number what is left."""
    result = dict(names)
    for name in set(names.values()):
        holders = sorted((s for s, n in names.items() if n == name), key=lambda s: -spend[s])
        if len(holders) == 1:
            continue
        for rank, segment in enumerate(holders):
            label = (
                "high value"
                if rank == 0
                else "low value"
                if rank == len(holders) - 1
                else f"tier {rank + 1}"
            )
            result[segment] = f"{name} ({label})"
    return result
