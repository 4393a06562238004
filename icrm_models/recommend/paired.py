"""Is one recommender really better than another on the same customers?

A difference of 0.003 in hit rate over 1,500 customers can be a handful of customers either
way. Both recommenders are scored on the same customers, so the per-customer differences are
paired: their mean with a 95 % confidence interval (normal approximation, fine from a few
hundred customers on) says whether a gap is more than chance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Z_95 = 1.959963984540054  # two-sided 95 % quantile of the standard normal


@dataclass(frozen=True)
class PairedDifference:
    """Mean of ``ours - theirs`` per customer and its 95 % confidence interval."""

    mean: float
    low: float
    high: float

    @property
    def verdict(self) -> str:
        """ "better" or "worse" when the interval excludes zero, else "level"."""
        if self.low > 0:
            return "better"
        if self.high < 0:
            return "worse"
        return "level"


def paired_difference(ours: np.ndarray, theirs: np.ndarray) -> PairedDifference:
    """Mean per-customer difference ``ours - theirs`` with a 95 % confidence interval."""
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    if ours.shape != theirs.shape or ours.ndim != 1:
        raise ValueError(
            f"paired values need one value per customer on both sides, got shapes "
            f"{ours.shape} and {theirs.shape}"
        )
    if len(ours) < 2:
        raise ValueError("a paired comparison needs at least two customers")
    difference = ours - theirs
    mean = float(difference.mean())
    half = Z_95 * float(difference.std(ddof=1)) / np.sqrt(len(difference))
    return PairedDifference(mean=mean, low=mean - half, high=mean + half)
