"""Top-k metrics: hit rate, NDCG with binary relevance, and catalogue coverage.

The per-customer values (:func:`hits`, :func:`ndcg_values`) are what paired comparisons of two
recommenders on the same customers need; :func:`hit_rate` and :func:`ndcg` are their means.
"""

from __future__ import annotations

import numpy as np


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Column indices of each row's ``k`` best scores, best first (ties: lower index first)."""
    k = min(k, scores.shape[1])
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def hits(recommended: np.ndarray, relevant: list[set[int]]) -> np.ndarray:
    """1.0 for each customer with at least one relevant item among their recommendations."""
    return np.array(
        [float(bool(relevant[u] & set(recommended[u].tolist()))) for u in range(len(relevant))]
    )


def ndcg_values(recommended: np.ndarray, relevant: list[set[int]]) -> np.ndarray:
    """NDCG@k (k = recommendations per customer) with binary relevance, one per customer."""
    k = recommended.shape[1]
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    values = []
    for u, items in enumerate(relevant):
        gains = np.array([1.0 if i in items else 0.0 for i in recommended[u]])
        ideal = discounts[: min(len(items), k)].sum()
        values.append(float(gains @ discounts / ideal) if ideal > 0 else 0.0)
    return np.array(values)


def hit_rate(recommended: np.ndarray, relevant: list[set[int]]) -> float:
    """Share of customers with at least one relevant item among their recommendations."""
    return float(hits(recommended, relevant).mean()) if relevant else 0.0


def ndcg(recommended: np.ndarray, relevant: list[set[int]]) -> float:
    """Mean NDCG@k (k = recommendations per customer) with binary relevance."""
    return float(ndcg_values(recommended, relevant).mean()) if relevant else 0.0


def coverage(recommended: np.ndarray, n_items: int) -> float:
    """Share of the catalogue that appears in anyone's recommendations."""
    return len(np.unique(recommended)) / n_items if n_items else 0.0
