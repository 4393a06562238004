"""TIFU-KNN: the repeat-aware next-basket baseline (Hu et al., SIGIR 2020).

"Modeling Personalized Item Frequency Information for Next-basket Recommendation" scores the
next basket from each customer's own *personal item frequency* (PIF) vector, decayed by time,
blended with the same vectors of the customer's nearest neighbours:

1. The customer's baskets in time order are split into groups of ``group_size`` (m) baskets,
   counted back from the most recent one, so only the oldest group can be short.
2. Inside a group, basket ``j`` of ``n_g`` (1 = oldest) weighs ``r_b ** (n_g - j) / m``; the
   groups, ``i`` of ``G`` (1 = oldest), weigh ``r_g ** (G - i) / G``. The personal vector ``u`` is
   the weighted sum of the 0/1 basket vectors: recent, repeated items score highest. A short
   oldest group is divided by m like the others (the paper's 1/m), so its few old baskets are
   not inflated above recent ones.
3. The ``n_neighbors`` (k) customers nearest to ``u`` (cosine by default; the paper uses
   Euclidean distance, ``metric="euclidean"``) are averaged, and the prediction is
   ``alpha * u + (1 - alpha) * mean(neighbours' u)``.

Defaults are k=300, m=7, r_b=0.9, r_g=0.7, alpha=0.7: the setting the paper reports for its
smaller grocery data sets (TaFeng-like), quoted from memory of the paper's hyper-parameter
table and not re-checked against the text here. For Instacart/Dunnhumby the paper reports
larger neighbourhoods (k around 900) and a higher alpha (about 0.9); both are parameters.

:class:`Interactions` keeps baskets without their owner or time, so :func:`basket_history`
is the adapter that rebuilds each customer's ordered baskets from the purchase lines the
interactions were built from (:func:`~icrm_models.recommend.interactions.purchase_lines`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.neighbors import NearestNeighbors

from icrm_models.recommend.interactions import Interactions

LINE_COLUMNS = ("customer_id", "order_id", "product_id", "placed_at")


@dataclass
class BasketHistory:
    """Every customer's baskets in time order, aligned with an :class:`Interactions`.

    ``baskets`` holds one 0/1 row per order (columns = ``Interactions.item_ids``), sorted by
    owner and then time; ``owner`` is the customer row of each basket.
    """

    baskets: sp.csr_matrix
    owner: np.ndarray
    n_customers: int

    @property
    def n_items(self) -> int:
        return int(self.baskets.shape[1])


def basket_history(lines: pd.DataFrame, data: Interactions) -> BasketHistory:
    """Ordered baskets per customer from purchase lines, in the rows/columns of ``data``.

    ``lines`` must be the lines ``data`` was built from (or a subset): a purchase on or after
    the cut, or of a customer or product ``data`` does not know, is an error rather than being
    dropped. Orders placed at the same moment are ordered by order id.
    """
    missing = [c for c in LINE_COLUMNS if c not in lines.columns]
    if missing:
        raise ValueError(f"purchase lines lack the columns {missing}")
    if lines.empty:
        return BasketHistory(
            baskets=sp.csr_matrix((0, data.n_items)),
            owner=np.zeros(0, dtype=np.int64),
            n_customers=len(data.customer_ids),
        )
    placed = pd.to_datetime(lines["placed_at"], utc=True)
    late = int((placed >= pd.Timestamp(data.cut)).sum())
    if late:
        raise ValueError(f"{late} purchase lines are on or after the cut {data.cut:%Y-%m-%d}")
    rows = data.rows_of(lines["customer_id"].to_numpy())
    columns = pd.Index(data.item_ids).get_indexer(lines["product_id"].to_numpy())
    if (rows < 0).any() or (columns < 0).any():
        raise ValueError(
            f"{int((rows < 0).sum())} lines of unknown customers and "
            f"{int((columns < 0).sum())} of unknown products: build the history from the "
            "lines the interactions came from"
        )
    frame = pd.DataFrame(
        {"row": rows, "order": lines["order_id"].to_numpy(), "at": placed, "column": columns}
    )
    # One basket per (customer, order), ordered by customer, then time, then order id.
    firsts = frame.groupby(["row", "order"], sort=False)["at"].min().reset_index()
    firsts = firsts.sort_values(["row", "at", "order"], kind="stable").reset_index(drop=True)
    index = pd.MultiIndex.from_frame(firsts[["row", "order"]])
    basket_of = index.get_indexer(pd.MultiIndex.from_frame(frame[["row", "order"]]))
    baskets = sp.csr_matrix(
        (np.ones(len(frame)), (basket_of, frame["column"].to_numpy())),
        shape=(len(firsts), data.n_items),
    )
    baskets.data[:] = 1.0  # a product listed twice in one order is still one purchase
    return BasketHistory(
        baskets=baskets,
        owner=firsts["row"].to_numpy(dtype=np.int64),
        n_customers=len(data.customer_ids),
    )


def basket_weights(
    owner: np.ndarray, group_size: int, within_decay: float, group_decay: float
) -> np.ndarray:
    """TIFU weight of every basket (``owner`` sorted, baskets in time order per owner).

    Vectorised: the age of a basket (0 = the customer's latest) gives its group (counted from
    the latest) and its place in the group; only the oldest group may hold fewer than m, and
    it is still divided by m.
    """
    if not len(owner):
        return np.zeros(0)
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    counts = np.diff(np.r_[starts, len(owner)])
    n_of = np.repeat(counts, counts)
    age = n_of - 1 - (np.arange(len(owner)) - np.repeat(starts, counts))
    group = age // group_size  # 0 = most recent group
    place = age % group_size  # 0 = most recent basket of its group
    n_groups = -(-n_of // group_size)
    return np.asarray(
        np.power(within_decay, place) / group_size * np.power(group_decay, group) / n_groups
    )


class TifuKnn:
    """TIFU-KNN fitted on a :class:`BasketHistory`; scores any rows of its customers.

    ``__init__`` only stores the hyper-parameters; :meth:`fit` builds the sparse personal
    vectors ``personal_`` (customers x items) and the neighbour index. :meth:`scores` works
    on a batch of rows at a time, so memory stays at (batch x customers) distances and
    (batch x items) scores, never customers x customers.
    """

    def __init__(
        self,
        *,
        n_neighbors: int = 300,
        group_size: int = 7,
        within_decay: float = 0.9,
        group_decay: float = 0.7,
        alpha: float = 0.7,
        metric: str = "cosine",
    ) -> None:
        self.n_neighbors = n_neighbors
        self.group_size = group_size
        self.within_decay = within_decay
        self.group_decay = group_decay
        self.alpha = alpha
        self.metric = metric

    def _check_parameters(self) -> None:
        if self.n_neighbors < 1:
            raise ValueError(f"n_neighbors must be at least 1, got {self.n_neighbors}")
        if self.group_size < 1:
            raise ValueError(f"group_size must be at least 1, got {self.group_size}")
        for name in ("within_decay", "group_decay", "alpha"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must lie in [0, 1], got {value}")
        if self.metric not in ("cosine", "euclidean"):
            raise ValueError(f"metric must be 'cosine' or 'euclidean', got {self.metric!r}")

    def fit(self, history: BasketHistory) -> TifuKnn:
        """Personal decayed item frequencies of every customer, and their neighbour index."""
        self._check_parameters()
        weights = basket_weights(
            history.owner, self.group_size, self.within_decay, self.group_decay
        )
        spread = sp.csr_matrix(
            (weights, (history.owner, np.arange(len(weights)))),
            shape=(history.n_customers, history.baskets.shape[0]),
        )
        self.personal_: sp.csr_matrix = sp.csr_matrix(spread @ history.baskets)
        self.k_ = min(self.n_neighbors, history.n_customers - 1)
        self.index_: NearestNeighbors | None = None
        if self.k_ > 0 and self.alpha < 1.0:
            self.index_ = NearestNeighbors(metric=self.metric, algorithm="brute")
            self.index_.fit(self.personal_)
        return self

    def neighbours(self, rows: np.ndarray) -> np.ndarray:
        """The k nearest other customers of each row (k = min(n_neighbors, customers - 1))."""
        if not hasattr(self, "personal_"):
            raise ValueError("TifuKnn is not fitted: call fit(history) first")
        rows = np.asarray(rows, dtype=np.int64)
        if self.index_ is None or not len(rows):
            return np.zeros((len(rows), 0), dtype=np.int64)
        found = self.index_.kneighbors(
            self.personal_[rows], n_neighbors=self.k_ + 1, return_distance=False
        )
        # Drop the customer itself (not always first when two customers have equal vectors).
        others = found != rows[:, None]
        keep = others & (np.cumsum(others, axis=1) <= self.k_)
        return np.asarray(found[keep].reshape(len(rows), self.k_), dtype=np.int64)

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Dense (rows x items) TIFU-KNN scores; rows of -1 (no purchases) score all zero."""
        if not hasattr(self, "personal_"):
            raise ValueError("TifuKnn is not fitted: call fit(history) first")
        rows = np.asarray(rows, dtype=np.int64)
        out = np.zeros((len(rows), self.personal_.shape[1]))
        known = np.flatnonzero(rows >= 0)
        if not len(known):
            return out
        own = rows[known]
        blended = self.personal_[own].toarray()
        near = self.neighbours(own)
        if near.shape[1]:
            averaging = sp.csr_matrix(
                (
                    np.full(near.size, 1.0 / near.shape[1]),
                    (np.repeat(np.arange(len(own)), near.shape[1]), near.ravel()),
                ),
                shape=(len(own), self.personal_.shape[0]),
            )
            crowd = (averaging @ self.personal_).toarray()
            blended = self.alpha * blended + (1.0 - self.alpha) * crowd
        out[known] = blended
        return out


def tifu_knn(
    data: Interactions,
    rows: np.ndarray,
    *,
    history: BasketHistory,
    model: TifuKnn | None = None,
) -> np.ndarray:
    """TIFU-KNN scores (rows x items), in the form of the other baselines.

    ``model`` carries the hyper-parameters (the paper's defaults when omitted). Fits on every
    call; to score many batches fit one :class:`TifuKnn` and call :meth:`TifuKnn.scores`.
    """
    if history.n_customers != len(data.customer_ids) or history.n_items != data.n_items:
        raise ValueError("the basket history was not built for these interactions")
    return (model or TifuKnn()).fit(history).scores(rows)
