"""Score recommenders on what customers bought after a cut date, side by side.

Only customers with purchases before the cut and a purchase in the horizon after it are scored;
their relevant items are everything they bought in the horizon, repurchases included. Ours is
compared with each baseline customer by customer (:mod:`icrm_models.recommend.paired`), so a
gap is reported with how sure it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from icrm_models.recommend import baselines
from icrm_models.recommend.blend import BlendRecommender, BlendWeights, tune_weights
from icrm_models.recommend.interactions import Interactions, build_interactions
from icrm_models.recommend.metrics import coverage, hits, ndcg_values, top_k
from icrm_models.recommend.paired import PairedDifference, paired_difference

Embed = Callable[[np.ndarray], np.ndarray]  # product ids -> unit vectors
BATCH = 2000
OURS = "ours (blend)"


@dataclass
class RecommenderScores:
    """One recommender's figures."""

    name: str
    hr: float
    ndcg: float
    coverage: float
    seconds: float


@dataclass
class Comparison:
    """Ours minus one baseline, per customer, on both measures (95 % confidence intervals)."""

    baseline: str
    hr: PairedDifference
    ndcg: PairedDifference


@dataclass
class RecommendationEvaluation:
    """All recommenders on the same customers, and what ours learned about this shop."""

    customers_scored: int
    k: int
    results: list[RecommenderScores] = field(default_factory=list)
    weights: BlendWeights | None = None
    comparisons: list[Comparison] = field(default_factory=list)


def relevant_items(data: Interactions, window: pd.DataFrame) -> tuple[np.ndarray, list[set[int]]]:
    """Customers to score (known before the cut, buying in the window) and their item columns."""
    known = window[window["customer_id"].isin(data.customer_ids)]
    customers = np.sort(known["customer_id"].unique())
    # Vectorised (one Python set per customer, nothing else): hundreds of thousands of
    # customers buy in a horizon of a large shop.
    column = pd.Index(data.item_ids).get_indexer(known["product_id"].to_numpy())
    owner = np.searchsorted(customers, known["customer_id"].to_numpy())
    found = column >= 0
    owner, column = owner[found], column[found]
    order = np.argsort(owner, kind="stable")
    bounds = np.searchsorted(owner[order], np.arange(len(customers) + 1))
    items = column[order].tolist()
    relevant = [set(items[bounds[i] : bounds[i + 1]]) for i in range(len(customers))]
    return customers, relevant


def _score_in_batches(
    score: Callable[[np.ndarray], np.ndarray], customers: np.ndarray, k: int
) -> np.ndarray:
    parts = [top_k(score(customers[i : i + BATCH]), k) for i in range(0, len(customers), BATCH)]
    return np.vstack(parts) if parts else np.zeros((0, k), dtype=int)


def evaluate_recommenders(
    lines: pd.DataFrame,
    cut: datetime,
    horizon_days: int,
    *,
    k: int = 10,
    embed: Embed | None = None,
    say: Callable[[str], None] = lambda _: None,
) -> RecommendationEvaluation:
    """Train every recommender on lines before ``cut``; score the ``horizon_days`` after it."""
    horizon = timedelta(days=horizon_days)
    cut_ts = pd.Timestamp(cut)
    before = lines[lines["placed_at"] < cut_ts]
    window = lines[(lines["placed_at"] >= cut_ts) & (lines["placed_at"] < cut_ts + horizon)]
    data = build_interactions(before, cut)
    customers, relevant = relevant_items(data, window)
    if len(customers) == 0:
        raise ValueError("no customer bought both before the cut and within the horizon")
    result = RecommendationEvaluation(customers_scored=len(customers), k=k)

    say("tuning our blend on the horizon before the cut ...")
    inner_cut = cut - horizon
    inner = build_interactions(before[before["placed_at"] < pd.Timestamp(inner_cut)], inner_cut)
    inner_window = before[before["placed_at"] >= pd.Timestamp(inner_cut)]
    inner_customers, inner_relevant = relevant_items(inner, inner_window)
    tuner = BlendRecommender().fit(inner, embed(inner.item_ids) if embed else None)
    weights, _ = tune_weights(tuner, inner_customers, inner_relevant, k=k)
    result.weights = weights
    ours = BlendRecommender(weights).fit(data, embed(data.item_ids) if embed else None)

    rows_of = data.rows_of
    models: dict[str, Callable[[np.ndarray], np.ndarray]] = {
        "most popular": lambda c: baselines.most_popular(data, rows_of(c)),
        "item co-purchase": lambda c: baselines.item_copurchase(data, rows_of(c)),
        "implicit ALS": _als(data),
        "buy again": lambda c: baselines.buy_again(data, rows_of(c)),
        OURS: ours.scores,
    }
    per_customer: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, score in models.items():
        say(f"scoring {name} ...")
        started = time.perf_counter()
        recommended = _score_in_batches(score, customers, k)
        per_customer[name] = (hits(recommended, relevant), ndcg_values(recommended, relevant))
        result.results.append(
            RecommenderScores(
                name=name,
                hr=float(per_customer[name][0].mean()),
                ndcg=float(per_customer[name][1].mean()),
                coverage=coverage(recommended, data.n_items),
                seconds=time.perf_counter() - started,
            )
        )
    if len(customers) > 1:
        our_hits, our_ndcg = per_customer[OURS]
        result.comparisons = [
            Comparison(
                baseline=name,
                hr=paired_difference(our_hits, their_hits),
                ndcg=paired_difference(our_ndcg, their_ndcg),
            )
            for name, (their_hits, their_ndcg) in per_customer.items()
            if name != OURS
        ]
    return result


def _als(data: Interactions) -> Callable[[np.ndarray], np.ndarray]:
    """ALS trained once, scoring any batch of customers."""
    all_rows = np.arange(len(data.customer_ids))
    cache: dict[str, np.ndarray] = {}

    def score(customers: np.ndarray) -> np.ndarray:
        if "all" not in cache:
            cache["all"] = baselines.implicit_als(data, all_rows)
        return np.asarray(cache["all"][data.rows_of(customers)])

    return score
