"""Segment and purchase propensity of customers, from the promoted models, as of now.

Features are aggregated for the whole shop in a handful of GROUP BY queries, so scoring
everyone at once costs about the same as scoring one customer; the result is cached per model
version for ``ttl_s`` (a customer's features hardly move within minutes).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from icrm_models.features.definitions import FEATURE_VERSION
from icrm_models.features.extract import extract_features
from icrm_models.training.pipeline import ModelBundle


class BrokenModelsError(ValueError):
    """The promoted artefact is not a usable model bundle."""


def check_bundle(models: Any) -> ModelBundle:
    """``models`` as a :class:`ModelBundle`, or :class:`BrokenModelsError` saying what is wrong."""
    if not isinstance(models, ModelBundle):
        raise BrokenModelsError(f"the promoted artefact is a {type(models).__name__}, not a bundle")
    if not hasattr(models.recommender, "data_"):
        raise BrokenModelsError("the promoted recommender is not fitted")
    return models


@dataclass(frozen=True)
class CustomerScores:
    """Segment name and purchase probability per customer id (customers with purchases)."""

    as_of: datetime
    segments: dict[int, str] = field(default_factory=dict)
    propensity: dict[int, float] = field(default_factory=dict)


def score_customers(engine: Engine, bundle: ModelBundle, now: datetime) -> CustomerScores:
    """Every customer's segment and propensity with features as of ``now``."""
    if bundle.feature_version != FEATURE_VERSION:
        raise BrokenModelsError(
            f"models use features v{bundle.feature_version}, this code computes v{FEATURE_VERSION}"
        )
    try:
        features = extract_features(engine, now).frame
    except ValueError:  # nobody has bought anything yet
        return CustomerScores(as_of=now)
    segment_ids = bundle.segmentation.assign(features)
    names = bundle.segmentation.names
    columns = features.reindex(columns=bundle.propensity_columns, fill_value=0.0)
    probability = bundle.propensity.predict_proba(columns)[:, 1]
    return CustomerScores(
        as_of=now,
        segments={int(c): str(names.get(int(s), "")) for c, s in segment_ids.items()},
        propensity={int(c): float(p) for c, p in zip(features.index, probability, strict=True)},
    )


class ScoreCache:
    """The latest :class:`CustomerScores` per model version, recomputed after ``ttl_s``."""

    def __init__(self, ttl_s: float = 900.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.clock = clock
        self._lock = threading.Lock()
        self._entry: tuple[str, float, CustomerScores] | None = None

    def get(self, version: str, compute: Callable[[], CustomerScores]) -> CustomerScores:
        """The cached scores of ``version``, or ``compute()``'s (then cached)."""
        with self._lock:
            entry = self._entry
            if entry is not None and entry[0] == version and self.clock() - entry[1] < self.ttl_s:
                return entry[2]
            scores = compute()
            self._entry = (version, self.clock(), scores)
            return scores
