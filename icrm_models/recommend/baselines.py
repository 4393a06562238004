"""The recommenders ours is measured against, each scoring (customers x items)."""

from __future__ import annotations

import numpy as np

from icrm_models.recommend import signals
from icrm_models.recommend.interactions import Interactions


def most_popular(data: Interactions, rows: np.ndarray) -> np.ndarray:
    """The same recent best-sellers for everyone."""
    return np.broadcast_to(signals.popularity(data), (len(rows), data.n_items)).copy()


def item_copurchase(data: Interactions, rows: np.ndarray) -> np.ndarray:
    """Items bought together with the customer's items (item-to-item cosine)."""
    return signals.copurchase(data, rows, signals.item_similarity(data))


def buy_again(data: Interactions, rows: np.ndarray) -> np.ndarray:
    """The customer's own most-bought items, then recent best-sellers."""
    own = np.zeros((len(rows), data.n_items))
    known = rows >= 0
    own[known] = data.orders[rows[known]].toarray()
    return np.asarray(own * 10 + signals.popularity(data))


def implicit_als(
    data: Interactions,
    rows: np.ndarray,
    *,
    factors: int = 64,
    iterations: int = 15,
    random_state: int = 0,
) -> np.ndarray:
    """Matrix factorisation for implicit feedback (the ``implicit`` library, BM25-weighted)."""
    from implicit.als import AlternatingLeastSquares
    from implicit.nearest_neighbours import bm25_weight
    from threadpoolctl import threadpool_limits

    weighted = bm25_weight(data.orders, K1=100, B=0.8).tocsr()
    # implicit parallelises itself; a threaded BLAS underneath only slows it down.
    with threadpool_limits(1, "blas"):
        model = AlternatingLeastSquares(
            factors=factors,
            iterations=iterations,
            regularization=0.05,
            random_state=random_state,
        )
        model.fit(weighted, show_progress=False)
    users = np.asarray(model.user_factors)
    items = np.asarray(model.item_factors)
    out = np.full((len(rows), data.n_items), -np.inf)
    known = rows >= 0
    out[known] = users[rows[known]] @ items.T
    return out
