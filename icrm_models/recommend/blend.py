"""Our recommender: repurchase, co-purchase, text similarity and popularity, weighted per shop.

How much each signal counts differs by shop (a gift wholesaler rebuys, an apparel shop rarely
does), so the weights are tuned on the shop's own recent past: fit on data up to one horizon
before the cut, pick the weights that best predict the horizon up to the cut, refit at the cut.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from icrm_models.recommend import signals
from icrm_models.recommend.interactions import Interactions
from icrm_models.recommend.metrics import hit_rate, ndcg, top_k

SIGNALS = ("repurchase", "frequency", "copurchase", "content", "popularity")


@dataclass(frozen=True)
class BlendWeights:
    """Weight of each signal in the blended score."""

    repurchase: float = 0.4
    frequency: float = 0.1
    copurchase: float = 0.3
    content: float = 0.1
    popularity: float = 0.1

    def as_tuple(self) -> tuple[float, ...]:
        return (self.repurchase, self.frequency, self.copurchase, self.content, self.popularity)


class BlendRecommender:
    """Scores items for customers from an :class:`Interactions` snapshot."""

    def __init__(self, weights: BlendWeights = BlendWeights()) -> None:
        self.weights = weights

    def fit(self, data: Interactions, item_vectors: np.ndarray | None = None) -> BlendRecommender:
        """Learn the co-purchase similarity and popularity; keep the item embeddings."""
        if item_vectors is not None and item_vectors.shape[0] != data.n_items:
            raise ValueError(f"{item_vectors.shape[0]} item vectors for {data.n_items} items")
        self.data_ = data
        self.similarity_: sp.csr_matrix = signals.item_similarity(data)
        self.popularity_ = signals.popularity(data)
        self.item_vectors_ = item_vectors
        return self

    def signal_scores(
        self, rows: np.ndarray, names: Iterable[str] = SIGNALS
    ) -> dict[str, np.ndarray]:
        """Each signal's (customers x items) scores for the given interaction rows; only the
        signals in ``names`` are computed (a zero weight need not cost anything)."""
        wanted = set(names)
        compute = {
            "repurchase": lambda: signals.repurchase(self.data_, rows),
            "frequency": lambda: signals.frequency(self.data_, rows),
            "copurchase": lambda: signals.copurchase(self.data_, rows, self.similarity_),
            "popularity": lambda: np.broadcast_to(
                self.popularity_, (len(rows), self.data_.n_items)
            ),
            "content": lambda: self._content(rows),
        }
        return {name: compute[name]() for name in SIGNALS if name in wanted}

    def _content(self, rows: np.ndarray) -> np.ndarray:
        if self.item_vectors_ is None:
            return np.zeros((len(rows), self.data_.n_items))
        profile = signals.profiles(self.data_, rows, self.item_vectors_)
        return signals.content(profile, self.item_vectors_)

    def active_signals(self) -> list[str]:
        """The signals with a non-zero weight: the only ones a score depends on."""
        return [n for n, w in zip(SIGNALS, self.weights.as_tuple(), strict=True) if w]

    def scores(self, customer_ids: np.ndarray) -> np.ndarray:
        """Blended scores; customers without history get popularity (and what they said)."""
        rows = self.data_.rows_of(customer_ids)
        parts = self.signal_scores(rows, self.active_signals())
        return _combine(parts, self.weights, (len(rows), self.data_.n_items))


def _combine(
    parts: dict[str, np.ndarray], weights: BlendWeights, shape: tuple[int, ...]
) -> np.ndarray:
    """The weighted sum of the signals (of the given shape); zero weights are skipped."""
    total = np.zeros(shape)
    for name, weight in zip(SIGNALS, weights.as_tuple(), strict=True):
        if weight:
            total += weight * parts[name]
    return total


def weight_grid(step: float = 0.1, *, content: bool = True) -> list[BlendWeights]:
    """Every weighting on a simplex grid (weights sum to 1); content only if embeddings exist."""
    n = round(1 / step)
    grid = []
    for a, b, c, d in itertools.product(range(n + 1), repeat=4):
        if a + b + c + d <= n and (content or d == 0):
            e = n - a - b - c - d
            grid.append(BlendWeights(a * step, b * step, c * step, d * step, e * step))
    return grid


def tune_weights(
    model: BlendRecommender,
    customer_ids: np.ndarray,
    relevant: list[set[int]],
    *,
    k: int = 10,
    step: float = 0.1,
    candidates: int = 200,
    max_customers: int = 3000,
    chunk: int = 500,
    seed: int = 0,
) -> tuple[BlendWeights, float]:
    """The grid weighting with the best NDCG@k (ties: hit rate) on the given customers.

    Made to scale with the shop: at most ``max_customers`` customers (a fixed random sample)
    are scored, and only on each one's ``candidates`` best items by every single signal (a
    blend's top ``k`` practically always lies among them), so each of the ~1,000 weightings
    costs a small gather instead of a customers-by-catalogue product.
    """
    if len(customer_ids) > max_customers:
        pick = np.sort(
            np.random.default_rng(seed).choice(len(customer_ids), max_customers, replace=False)
        )
        customer_ids = customer_ids[pick]
        relevant = [relevant[i] for i in pick]
    rows = model.data_.rows_of(customer_ids)
    columns, gathered = [], {name: [] for name in SIGNALS}  # type: ignore[var-annotated]
    for start in range(0, len(rows), chunk):
        parts = model.signal_scores(rows[start : start + chunk])
        cand = np.sort(
            np.concatenate([top_k(np.asarray(parts[n]), candidates) for n in SIGNALS], axis=1),
            axis=1,
        )
        columns.append(cand)
        for name in SIGNALS:
            gathered[name].append(np.take_along_axis(np.asarray(parts[name]), cand, axis=1))
    cand = np.vstack(columns)
    values = {name: np.vstack(gathered[name]) for name in SIGNALS}
    repeated = np.zeros_like(cand, dtype=bool)
    repeated[:, 1:] = cand[:, 1:] == cand[:, :-1]  # an item found by several signals counts once
    best: tuple[float, float, BlendWeights] | None = None
    for weights in weight_grid(step, content=model.item_vectors_ is not None):
        combined = _combine(values, weights, cand.shape)
        combined[repeated] = -np.inf
        recommended = np.take_along_axis(cand, top_k(combined, k), axis=1)
        key = (ndcg(recommended, relevant), hit_rate(recommended, relevant))
        if best is None or key > best[:2]:
            best = (key[0], key[1], weights)
    assert best is not None
    return best[2], best[0]
