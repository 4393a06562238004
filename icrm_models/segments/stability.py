"""Keep segment labels stable across retrains by matching new segments to the previous ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment


def match_segments(
    new_profiles: pd.DataFrame, previous_profiles: pd.DataFrame, *, max_distance: float = 2.0
) -> dict[int, int | None]:
    """Map each new segment (index) to the previous segment it continues, or None if new.

    Profiles are compared on their common columns, standardised by the spread across all
    segments of both versions; the assignment minimises the total distance (Hungarian), and a
    pair further apart than ``max_distance`` standard deviations is not a continuation.
    """
    columns = [c for c in new_profiles.columns if c in previous_profiles.columns]
    if not columns:
        raise ValueError("the two profile tables have no column in common")
    both = pd.concat([new_profiles[columns], previous_profiles[columns]])
    scale = both.std(ddof=0).replace(0, 1.0)
    a = (new_profiles[columns] / scale).to_numpy()
    b = (previous_profiles[columns] / scale).to_numpy()
    distance = np.linalg.norm(a[:, None, :] - b[None, :, :], axis=2) / np.sqrt(len(columns))
    # Pairs too far apart all cost the same, so a stranger cannot pull a match away from a
    # segment that has a close counterpart.
    cost = np.where(distance > max_distance, 10 * max_distance, distance)
    rows, cols = linear_sum_assignment(cost)
    mapping: dict[int, int | None] = {int(s): None for s in new_profiles.index}
    for r, c in zip(rows, cols, strict=True):
        if distance[r, c] <= max_distance:
            mapping[int(new_profiles.index[r])] = int(previous_profiles.index[c])
    return mapping


def stable_ids(mapping: dict[int, int | None], previous_ids: list[int]) -> dict[int, int]:
    """Segment ids for the new model: the matched previous id, else a fresh one."""
    next_id = max(previous_ids, default=-1) + 1
    ids: dict[int, int] = {}
    for segment in sorted(mapping):
        matched = mapping[segment]
        if matched is None:
            ids[segment] = next_id
            next_id += 1
        else:
            ids[segment] = matched
    return ids
