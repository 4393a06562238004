"""Segment and purchase propensity of customers, from the promoted models, as of now.

Features are aggregated for the whole shop in a handful of GROUP BY queries, so scoring
everyone at once costs about the same as scoring one customer; the result is cached per model
version for ``ttl_s`` (a customer's features hardly move within minutes).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine

from icrm_models.features.definitions import FEATURE_VERSION
from icrm_models.features.extract import extract_features
from icrm_models.registry.bundle import BrokenModelsError, ModelBundle

logger = logging.getLogger(__name__)


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
    """The latest :class:`CustomerScores` per model version, recomputed after ``ttl_s``.

    Scoring a whole shop takes seconds to minutes. With ``background=True`` (the action
    server) no customer waits for it: a stale result is served while a thread recomputes, and
    before the first result exists :meth:`get` waits at most ``first_wait_s`` for it (a small
    shop is scored by then) and otherwise returns None (offers are then decided without segment
    and propensity). A failed computation is logged and retried after ``retry_s``.
    """

    def __init__(
        self,
        ttl_s: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
        *,
        background: bool = False,
        retry_s: float = 60.0,
        first_wait_s: float = 1.0,
    ) -> None:
        self.ttl_s = ttl_s
        self.clock = clock
        self.background = background
        self.retry_s = retry_s
        self.first_wait_s = first_wait_s
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._entry: tuple[str, float, CustomerScores] | None = None
        self._running: str | None = None  # the version being computed in the background
        self._failed: tuple[str, float] | None = None

    def get(self, version: str, compute: Callable[[], CustomerScores]) -> CustomerScores | None:
        """The cached scores of ``version``, or ``compute()``'s (then cached).

        In the background mode: the cached scores even if stale, or None while the first
        computation for ``version`` runs.
        """
        with self._lock:
            entry = self._entry
            current = entry[2] if entry is not None and entry[0] == version else None
            if current is not None and entry is not None and self.clock() - entry[1] < self.ttl_s:
                return current
            if not self.background:
                scores = compute()
                self._entry = (version, self.clock(), scores)
                return scores
            failed = self._failed
            recently_failed = (
                failed is not None
                and failed[0] == version
                and self.clock() - failed[1] < self.retry_s
            )
            if self._running is None and not recently_failed:
                self._running = version
                self._done = threading.Event()
                threading.Thread(
                    target=self._refresh, args=(version, compute), name="scores", daemon=True
                ).start()
            if current is not None or self._running != version:
                return current
            done = self._done
        if done.wait(self.first_wait_s):
            with self._lock:
                entry = self._entry
                return entry[2] if entry is not None and entry[0] == version else None
        return None

    def _refresh(self, version: str, compute: Callable[[], CustomerScores]) -> None:
        started = self.clock()
        try:
            scores = compute()
        except Exception as exc:  # logged; the old scores (or none) keep being served
            logger.error("scoring customers with models %s failed", version, exc_info=exc)
            with self._lock:
                self._failed = (version, self.clock())
                self._running = None
                self._done.set()
            return
        with self._lock:
            self._entry = (version, self.clock(), scores)
            self._failed = None
            self._running = None
            self._done.set()
        logger.info(
            "scored %d customers with models %s in %.1f s",
            len(scores.propensity),
            version,
            self.clock() - started,
        )
