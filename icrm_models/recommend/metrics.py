"""Top-k metrics: hit rate, NDCG with binary relevance, and catalogue coverage."""

from __future__ import annotations

import numpy as np


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Column indices of each row's ``k`` best scores, best first (ties: lower index first)."""
    k = min(k, scores.shape[1])
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def hit_rate(recommended: np.ndarray, relevant: list[set[int]]) -> float:
    """Share of customers with at least one relevant item among their recommendations."""
    hits = [bool(relevant[u] & set(recommended[u].tolist())) for u in range(len(relevant))]
    return float(np.mean(hits)) if hits else 0.0


def ndcg(recommended: np.ndarray, relevant: list[set[int]]) -> float:
    """Mean NDCG@k (k = recommendations per customer) with binary relevance."""
    k = recommended.shape[1]
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    values = []
    for u, items in enumerate(relevant):
        gains = np.array([1.0 if i in items else 0.0 for i in recommended[u]])
        ideal = discounts[: min(len(items), k)].sum()
        values.append(float(gains @ discounts / ideal) if ideal > 0 else 0.0)
    return float(np.mean(values)) if values else 0.0


def coverage(recommended: np.ndarray, n_items: int) -> float:
    """Share of the catalogue that appears in anyone's recommendations."""
    return len(np.unique(recommended)) / n_items if n_items else 0.0
