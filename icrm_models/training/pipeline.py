"""Train every customer model from the database as of a cut date, for the registry.

Steps (each reported through ``say``): clean and extract features, segment (aligned with the
previous version's segments), train and validate propensity on time, tune and fit the
recommender, and rank each segment's best-sellers for customers the recommender has not seen
buy. The result is one :class:`~icrm_models.registry.bundle.ModelBundle` (the contract with
serving, which lives on the registry side) and its model card.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from icrm_models import __version__
from icrm_models.features.definitions import FEATURE_VERSION
from icrm_models.features.extract import extract_features
from icrm_models.features.lines import LineCache
from icrm_models.propensity.training import train_propensity
from icrm_models.recommend.blend import BlendRecommender, BlendWeights, tune_weights
from icrm_models.recommend.cold_start import cold_start_rankings
from icrm_models.recommend.evaluate import relevant_items
from icrm_models.recommend.interactions import Interactions, build_interactions
from icrm_models.recommend.rules import learn_rules
from icrm_models.registry.bundle import BUNDLE_FORMAT, ModelBundle
from icrm_models.segments.segmentation import fit_segments

Say = Callable[[str], None]


def code_version() -> str:
    """The package version plus the git commit when run from a checkout."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=5,
            cwd=Path(__file__).parent,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    return f"{__version__}+{commit}"


def train_models(
    engine: Engine,
    cut: datetime,
    *,
    horizon_days: int = 30,
    previous: ModelBundle | None = None,
    embed: Callable[[np.ndarray], np.ndarray] | None = None,
    say: Say = lambda _: None,
) -> tuple[ModelBundle, dict[str, Any]]:
    """Fit all models on data before ``cut``; returns the bundle and its model card."""
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def step(name: str) -> Callable[[], None]:
        say(name)
        t0 = time.perf_counter()
        return lambda: timings.__setitem__(name, round(time.perf_counter() - t0, 1))

    done = step("extracting and cleaning features")
    line_cache = LineCache(engine)  # one read of the purchase lines for every step
    features = extract_features(engine, cut, lines=line_cache)
    done()

    done = step("segmenting customers")
    prior = (
        previous.segmentation
        if previous is not None and previous.feature_version == FEATURE_VERSION
        else None
    )
    segmentation = fit_segments(features.frame, previous=prior)
    done()

    done = step("training purchase propensity")
    propensity = train_propensity(engine, cut, horizon_days=horizon_days, lines=line_cache)
    done()

    done = step("tuning and fitting the recommender")
    horizon = timedelta(days=horizon_days * 3)
    lines = line_cache.purchases(cut)  # what purchase_lines(engine, None, cut) reads
    del line_cache
    data = build_interactions(lines, cut)
    vectors = embed(data.item_ids) if embed else None  # once: the tuner's items are a subset
    weights, tuned_ndcg, tuning_customers = _tuned_weights(lines, data, vectors, cut - horizon)
    recommender = BlendRecommender(weights).fit(data, vectors)
    names = segmentation.assignments.map(segmentation.names)
    cold_start = cold_start_rankings(lines, names, cut)
    done()

    done = step("mining co-purchase rules")
    rules = learn_rules(data)
    done()

    bundle = ModelBundle(
        feature_version=FEATURE_VERSION,
        cut=cut,
        feature_columns=list(features.frame.columns),
        segmentation=segmentation,
        propensity=propensity.model,
        propensity_columns=propensity.columns,
        recommender=recommender,
        cold_start=cold_start,
        rules=rules,
    )
    url = make_url(str(engine.url)).render_as_string(hide_password=True)
    card = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "code_version": code_version(),
        "bundle_format": BUNDLE_FORMAT,
        "data": {
            "database": url,
            "cut": cut.isoformat(),
            "cleaning": features.report.rows(),
            "customers_with_purchases": len(features.frame),
            "items": int(data.n_items),
            "orders": int(data.baskets.shape[0]),
        },
        "features": {"version": FEATURE_VERSION, "columns": list(features.frame.columns)},
        "parameters": {
            "horizon_days": horizon_days,
            "segments_k_range": list(segmentation.segmenter.k_range),
            "recommender_weights": asdict(weights),
        },
        "metrics": {
            "segments": {
                "method": segmentation.segmenter.method_,
                "silhouette": segmentation.segmenter.silhouette_,
                "sizes": {
                    segmentation.names[i]: int(n)
                    for i, n in segmentation.profiles["customers"].items()
                },
            },
            "propensity": {
                "chosen": propensity.chosen,
                "validation": propensity.metrics,
                "positive_rate": propensity.positive_rate,
            },
            "recommender": {"tuning_ndcg@10": tuned_ndcg, "tuning_customers": tuning_customers},
            "cold_start": {
                "segments_ranked": len(cold_start.by_segment),
                "first_order_products": len(cold_start.first_orders),
            },
            "association_rules": {
                "rules": len(rules),
                "min_orders_per_pair": rules.min_orders,
                "strongest": rules.top(5).to_dict(orient="records"),
            },
        },
        "timings_s": {**timings, "total": round(time.perf_counter() - started, 1)},
    }
    return bundle, card


def _tuned_weights(
    lines: pd.DataFrame, data: Interactions, vectors: np.ndarray | None, tune_cut: datetime
) -> tuple[BlendWeights, float, int]:
    """Blend weights tuned on who bought what after ``tune_cut``, their NDCG@10 there, and
    how many customers it was measured on.

    A young shop with no purchases before ``tune_cut``, or none after it by earlier customers,
    gets the default weights (and NaN): there is nothing to tune on yet.
    """
    earlier = lines[lines["placed_at"] < tune_cut]
    if earlier.empty:
        return BlendWeights(), float("nan"), 0
    inner = build_interactions(earlier, tune_cut)
    customers, relevant = relevant_items(inner, lines[lines["placed_at"] >= tune_cut])
    if not len(customers):
        return BlendWeights(), float("nan"), 0
    inner_vectors = (
        vectors[np.searchsorted(data.item_ids, inner.item_ids)] if vectors is not None else None
    )
    tuner = BlendRecommender().fit(inner, inner_vectors)
    weights, ndcg = tune_weights(tuner, customers, relevant)
    return weights, ndcg, len(customers)
