"""``icrm evaluate``: import anyone's transactions into a throw-away database, train up to a date,
and score recommendations, purchase propensity and segments on what happened after it."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from icrm_models.db.engine import make_engine
from icrm_models.features.extract import extract_features
from icrm_models.importers.online_retail import import_online_retail
from icrm_models.propensity.training import evaluate_after_cut
from icrm_models.recommend.evaluate import evaluate_recommenders
from icrm_models.recommend.interactions import purchase_lines
from icrm_models.segments.segmentation import fit_segments


def evaluate_transactions(
    path: Path,
    train_until: datetime,
    *,
    horizon_days: int = 90,
    propensity_horizon_days: int = 30,
    k: int = 10,
    embedding_model: Path | None = None,
    encoding: str = "utf-8",
    say: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """All figures of one evaluation run, as a JSON-ready dict."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="icrm-evaluate-") as tmp:
        engine = make_engine(f"sqlite:///{tmp}/evaluate.db")
        say(f"importing {path.name} into a throw-away database ...")
        report = import_online_retail(engine, path, encoding=encoding)
        lines = purchase_lines(engine, None, train_until + timedelta(days=horizon_days))
        embed = None
        if embedding_model is not None:
            from icrm_models.recommend.item_text import embed_products

            def embed(ids: np.ndarray) -> np.ndarray:
                return embed_products(engine, ids, embedding_model)

        recommendations = evaluate_recommenders(
            lines, train_until, horizon_days, k=k, embed=embed, say=say
        )
        say("scoring purchase propensity ...")
        propensity = evaluate_after_cut(engine, train_until, horizon_days=propensity_horizon_days)
        say("segmenting customers ...")
        segments = fit_segments(extract_features(engine, train_until).frame)
        engine.dispose()
    return {
        "data": {
            "file": str(path),
            "rows_read": report.rows_read,
            "rows_imported": report.rows_imported,
            "rows_rejected": report.rows_rejected,
            "train_until": train_until.isoformat(),
            "horizon_days": horizon_days,
        },
        "recommendations": {
            "k": k,
            "customers_scored": recommendations.customers_scored,
            "weights": asdict(recommendations.weights) if recommendations.weights else None,
            "results": [asdict(r) for r in recommendations.results],
            "ours_minus_baseline": [
                {**asdict(c), "hr_verdict": c.hr.verdict, "ndcg_verdict": c.ndcg.verdict}
                for c in recommendations.comparisons
            ],
        },
        "propensity": {"horizon_days": propensity_horizon_days, "results": propensity},
        "segments": {
            "method": segments.segmenter.method_,
            "silhouette": segments.segmenter.silhouette_,
            "sizes": {segments.names[i]: int(n) for i, n in segments.profiles["customers"].items()},
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
