"""Segment customers from their features: fit, profile, name, and align with the last version."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from icrm_models.segments.model import CustomerSegmenter
from icrm_models.segments.naming import name_segments
from icrm_models.segments.stability import match_segments, stable_ids

# Days, counts and amounts: skewed, so log-scaled before clustering.
LOG_FEATURES = (
    "recency_days",
    "frequency",
    "monetary",
    "tenure_days",
    "interpurchase_days",
    "avg_order_value",
)
SEGMENT_FEATURES = (*LOG_FEATURES, "return_rate", "discount_share")


@dataclass
class Segmentation:
    """A fitted segmenter with stable segment ids, their names and profiles."""

    segmenter: CustomerSegmenter
    ids: dict[int, int]  # model's segment index -> stable segment id
    names: dict[int, str]  # stable id -> name
    profiles: pd.DataFrame  # stable id -> mean features and "customers"
    assignments: pd.Series  # customer id -> stable segment id

    def assign(self, features: pd.DataFrame) -> pd.Series:
        """Stable segment ids of (possibly new) customers' features."""
        raw = self.segmenter.predict(features[list(SEGMENT_FEATURES)].to_numpy())
        return pd.Series([self.ids[int(s)] for s in raw], index=features.index, name="segment")


def fit_segments(
    features: pd.DataFrame,
    *,
    previous: Segmentation | None = None,
    k_range: tuple[int, int] = (3, 8),
    random_state: int = 0,
) -> Segmentation:
    """Fit segments on ``features`` (from :func:`extract_features`), named and aligned."""
    missing = [c for c in SEGMENT_FEATURES if c not in features.columns]
    if missing:
        raise ValueError(f"features lack columns {missing}")
    X = features[list(SEGMENT_FEATURES)].to_numpy(dtype=float)
    segmenter = CustomerSegmenter(
        k_range=k_range,
        random_state=random_state,
        log_columns=tuple(SEGMENT_FEATURES.index(c) for c in LOG_FEATURES),
    ).fit(X)
    labels = segmenter.labels_
    profiles = features[list(SEGMENT_FEATURES)].groupby(labels).mean()
    profiles["customers"] = np.bincount(labels, minlength=segmenter.n_segments_)[profiles.index]
    if previous is None:
        ids = {int(s): int(s) for s in profiles.index}
        names = name_segments(profiles, features)
    else:
        mapping = match_segments(
            profiles[list(SEGMENT_FEATURES)], previous.profiles[list(SEGMENT_FEATURES)]
        )
        ids = stable_ids(mapping, list(previous.names))
        fresh = name_segments(profiles, features)
        # A continued segment keeps its name; only new segments are named afresh, numbered
        # where a kept segment has the name already (names key the card's sizes and cold start).
        names = {ids[s]: previous.names[m] for s, m in mapping.items() if m is not None}
        for s, m in mapping.items():
            if m is None:
                names[ids[s]] = _unused(fresh[s], set(names.values()))
    profiles.index = [ids[int(s)] for s in profiles.index]
    assignments = pd.Series([ids[int(s)] for s in labels], index=features.index, name="segment")
    return Segmentation(
        segmenter=segmenter, ids=ids, names=names, profiles=profiles, assignments=assignments
    )


def _unused(name: str, taken: set[str]) -> str:
    """``name``, or ``name 2``, ``name 3`` ... when taken."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name} {n}"
    return candidate
