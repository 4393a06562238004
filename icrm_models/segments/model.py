"""KMeans against a Gaussian mixture, the number of segments chosen from the data.

Both are fitted for every k in ``k_range`` on log-scaled, standardised features. KMeans' best
k is the one with the highest silhouette, the mixture's the one with the lowest BIC; of those
two the model with the higher silhouette wins. Silhouettes are computed on a fixed-size sample,
so model selection costs the same on 10 thousand and on a million customers.

A segmentation with a segment smaller than ``min_segment_share`` of the customers is only
chosen when no other is left: on Online Retail, KMeans' best silhouette came with a "segment"
of one outlier customer, useless to a marketer and unstable across retrains.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.mixture import GaussianMixture
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data


class CustomerSegmenter(ClusterMixin, BaseEstimator):  # type: ignore[misc]
    """Segments customers; ``labels_`` and ``predict`` give segment indices 0..n_segments_-1.

    Parameters
    ----------
    k_range : (int, int)
        Smallest and largest number of segments tried (inclusive).
    log_columns : tuple of int
        Columns (counts, money, days) that are log1p-transformed before scaling.
    silhouette_sample : int
        Customers the silhouette is computed on; trades selection accuracy for speed.
    min_segment_share : float
        Smallest share of the customers a segment may hold for its segmentation to be chosen
        (while any segmentation meets it).
    random_state : int or None
        Seed of KMeans, the mixture and the silhouette sample.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 0.3, (50, 2)), rng.normal(5, 0.3, (50, 2))])
    >>> CustomerSegmenter(k_range=(2, 4), random_state=0).fit(X).n_segments_
    2
    """

    def __init__(
        self,
        k_range: tuple[int, int] = (3, 8),
        log_columns: tuple[int, ...] = (),
        silhouette_sample: int = 5000,
        min_segment_share: float = 0.01,
        random_state: int | None = 0,
    ) -> None:
        self.k_range = k_range
        self.log_columns = log_columns
        self.silhouette_sample = silhouette_sample
        self.min_segment_share = min_segment_share
        self.random_state = random_state

    def _transform(self, X: np.ndarray) -> np.ndarray:
        X = np.array(X, dtype=float, copy=True)
        for column in self.log_columns:
            X[:, column] = np.log1p(np.clip(X[:, column], 0, None))
        return X

    def fit(self, X: Any, y: Any = None) -> CustomerSegmenter:
        """Choose method and number of segments, fit, and label the training customers."""
        X = validate_data(self, X, dtype=float)
        low, high = self.k_range
        if not 2 <= low <= high:
            raise ValueError(f"k_range must satisfy 2 <= low <= high, got {self.k_range}")
        if not 0 <= self.min_segment_share < 0.5:
            raise ValueError(f"min_segment_share must be in [0, 0.5), got {self.min_segment_share}")
        n_samples = X.shape[0]
        if n_samples < 3:
            raise ValueError(f"need at least 3 customers to segment, got n_samples = {n_samples}")
        high = min(high, n_samples - 1)
        low = min(low, high)
        self.scaler_ = StandardScaler().fit(self._transform(X))
        Z = self.scaler_.transform(self._transform(X))
        rng = np.random.default_rng(self.random_state)
        sample = rng.choice(n_samples, size=min(self.silhouette_sample, n_samples), replace=False)
        self.scores_: list[dict[str, float | int | str]] = []
        smallest_allowed = max(1, int(np.ceil(self.min_segment_share * n_samples)))
        # (big enough?, score) per candidate: a segmentation with a tiny segment only wins
        # when every other has one too.
        best: dict[str, tuple[tuple[bool, float], Any, np.ndarray]] = {}
        for k in range(low, high + 1):
            kmeans = KMeans(n_clusters=k, n_init=4, random_state=self.random_state).fit(Z)
            km_sil = _silhouette(Z[sample], kmeans.labels_[sample])
            gmm = GaussianMixture(
                n_components=k,
                covariance_type="diag",
                random_state=self.random_state,
                reg_covar=1e-4,
            ).fit(Z)
            gmm_labels = gmm.predict(Z)
            gmm_sil = _silhouette(Z[sample], gmm_labels[sample])
            bic = float(gmm.bic(Z))
            km_smallest = int(np.bincount(kmeans.labels_, minlength=k).min())
            gmm_smallest = int(np.bincount(gmm_labels, minlength=k).min())
            self.scores_.append(
                {
                    "k": k,
                    "kmeans_silhouette": km_sil,
                    "gmm_silhouette": gmm_sil,
                    "gmm_bic": bic,
                    "kmeans_smallest_segment": km_smallest,
                    "gmm_smallest_segment": gmm_smallest,
                }
            )
            km_key = (km_smallest >= smallest_allowed, km_sil)
            if "kmeans" not in best or km_key > best["kmeans"][0]:
                best["kmeans"] = (km_key, kmeans, kmeans.labels_)
            gmm_key = (gmm_smallest >= smallest_allowed, -bic)
            if "gmm" not in best or gmm_key > best["gmm_bic"][0]:
                best["gmm_bic"] = (gmm_key, gmm, gmm_labels)
                best["gmm"] = ((gmm_key[0], gmm_sil), gmm, gmm_labels)
        method = "kmeans" if best["kmeans"][0] >= best["gmm"][0] else "gmm"
        _, self.model_, labels = best[method]
        self.method_ = method
        self.labels_ = np.asarray(labels)
        self.n_segments_ = int(
            self.model_.n_components if method == "gmm" else self.model_.n_clusters
        )
        self.silhouette_ = float(best[method][0][1])
        return self

    def predict(self, X: Any) -> np.ndarray:
        """The segment index of each customer."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=float, reset=False)
        return np.asarray(self.model_.predict(self.scaler_.transform(self._transform(X))))


def _silhouette(Z: np.ndarray, labels: np.ndarray) -> float:
    """Silhouette, or -1 where it is undefined (one cluster, or one cluster per point)."""
    n_labels = len(np.unique(labels))
    if n_labels < 2 or n_labels >= len(labels):
        return -1.0
    return float(silhouette_score(Z, labels))
