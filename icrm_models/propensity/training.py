"""Train and validate propensity models on time: fit on an earlier cut, score a later one.

The validation cut lies ``horizon_days`` before the last cut, so every validation label is
observed; no feature or label of the training set comes from after its own cut.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sqlalchemy import Engine

from icrm_models.features.extract import extract_features
from icrm_models.features.lines import LineCache
from icrm_models.propensity.labels import purchase_labels
from icrm_models.propensity.model import RFM_ONLY, boosting_model, logistic_model


@dataclass
class PropensityReport:
    """Temporal-validation metrics per model, and the chosen model refitted on the latest cut."""

    horizon_days: int
    train_cut: datetime
    validation_cut: datetime
    metrics: dict[str, dict[str, float]] = field(default_factory=dict)
    chosen: str = ""
    model: Any = None
    columns: list[str] = field(default_factory=list)
    positive_rate: float = 0.0


def scores(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """ROC-AUC, PR-AUC and Brier score of probabilities ``p`` for labels ``y``."""
    if len(np.unique(y)) < 2:
        raise ValueError(
            "the labels hold one class only: no purchase (or only purchases) "
            "in the horizon; choose another cut date or horizon"
        )
    return {
        "roc_auc": float(roc_auc_score(y, p)),
        "pr_auc": float(average_precision_score(y, p)),
        "brier": float(brier_score_loss(y, p)),
    }


logger = logging.getLogger(__name__)

Features = Callable[[datetime], pd.DataFrame]  # cut -> features of every customer


def memoised_features(engine: Engine, lines: LineCache | None = None) -> Features:
    """Features per cut, extracted once (validation and final training share most cuts), all
    from one read of the purchase lines."""
    done: dict[datetime, pd.DataFrame] = {}
    lines = lines or LineCache(engine)

    def features(cut: datetime) -> pd.DataFrame:
        if cut not in done:
            done[cut] = extract_features(engine, cut, lines=lines).frame
        return done[cut]

    return features


def _dataset(
    engine: Engine, cut: datetime, horizon_days: int, features: Features | None = None
) -> tuple[pd.DataFrame, pd.Series]:
    frame = features(cut) if features else extract_features(engine, cut).frame
    return frame, purchase_labels(engine, frame.index, cut, horizon_days)


def stacked_snapshots(
    engine: Engine,
    labels_end: datetime,
    horizon_days: int,
    n_cuts: int,
    features: Features | None = None,
    *,
    max_rows: int | None = None,
    random_state: int = 0,
) -> tuple[pd.DataFrame, pd.Series]:
    """Snapshots at ``n_cuts`` cuts spaced one horizon apart, the last labelled up to
    ``labels_end``: more (and more varied) training rows, all from before ``labels_end``.

    With ``max_rows``, a random sample of at most that many rows, drawn before the snapshots
    are joined (a million customers' four snapshots would be gigabytes)."""
    frames, labels = [], []
    for j in range(1, n_cuts + 1):
        cut = labels_end - timedelta(days=horizon_days * j)
        try:
            X, y = _dataset(engine, cut, horizon_days, features)
        except ValueError:
            break  # no purchases before this cut: the history is exhausted
        frames.append(X)
        labels.append(y)
    if not frames:
        raise ValueError(
            f"no purchases before {labels_end - timedelta(days=horizon_days):%Y-%m-%d}"
        )
    total = sum(len(f) for f in frames)
    if max_rows is not None and total > max_rows:
        rng = np.random.default_rng(random_state)
        keep = np.sort(rng.choice(total, max_rows, replace=False))
        starts = np.cumsum([0] + [len(f) for f in frames])
        rows = [keep[(keep >= a) & (keep < b)] - a for a, b in pairwise(starts)]
        frames = [f.iloc[r] for f, r in zip(frames, rows, strict=True)]
        labels = [y.iloc[r] for y, r in zip(labels, rows, strict=True)]
    X = pd.concat(frames).fillna(0.0)
    return X, pd.concat(labels)


# Snapshot rows a propensity model is trained on, at most: a random sample of the stacked
# snapshots (about four rows per customer). Fitting time grows with every row (the booster is
# fitted three times for its calibration, and twice: to compare, then for the latest cut),
# while an 8-leaf booster and a logistic regression on ~80 features are pinned down by far
# fewer rows. Shops below ~50,000 customers (Online Retail: ~10,000 rows) are not sampled.
MAX_TRAINING_ROWS = 200_000


def train_propensity(
    engine: Engine,
    last_cut: datetime,
    *,
    horizon_days: int = 30,
    n_cuts: int = 4,
    max_rows: int = MAX_TRAINING_ROWS,
    random_state: int = 0,
    lines: LineCache | None = None,
    features: Features | None = None,
) -> PropensityReport:
    """Validate on time, choose the better model by ROC-AUC, refit it for ``last_cut``.

    Training uses ``n_cuts`` snapshots labelled up to one horizon before ``last_cut``;
    validation uses features at ``last_cut - horizon`` labelled by the horizon up to
    ``last_cut``; the chosen model is refitted on snapshots labelled up to ``last_cut``.
    Each training set is a random sample of at most ``max_rows`` snapshot rows (validation
    always scores every customer). ``lines`` shares one read of the purchase lines with the
    caller; ``features`` (from :func:`memoised_features`) shares the extracted cuts as well.
    """
    validation_cut = last_cut - timedelta(days=horizon_days)
    train_cut = validation_cut - timedelta(days=horizon_days)
    features = features or memoised_features(engine, lines)
    X_train, y_train = stacked_snapshots(
        engine,
        validation_cut,
        horizon_days,
        n_cuts,
        features,
        max_rows=max_rows,
        random_state=random_state,
    )
    X_valid, y_valid = _dataset(engine, validation_cut, horizon_days, features)
    columns = [c for c in X_train.columns if c in X_valid.columns]
    X_train = X_train.reindex(columns=columns, fill_value=0.0)
    report = PropensityReport(
        horizon_days,
        train_cut,
        validation_cut,
        columns=columns,
        positive_rate=float(y_valid.mean()),
    )

    _check_both_classes(y_train, f"the snapshots labelled up to {validation_cut:%Y-%m-%d}")
    _check_both_classes(y_valid, f"the validation cut {validation_cut:%Y-%m-%d}")
    report.metrics = compare_models(
        X_train, y_train, X_valid, y_valid, columns, random_state=random_state
    )
    if not report.metrics:
        raise ValueError(
            f"too little history for purchase propensity: no model could be fitted on "
            f"{len(y_train)} snapshot rows; train again when the shop has more orders"
        )
    # The RFM baseline may win where history is thin (few months, few customers): the full
    # models then overfit, and the shop is better served by the simple one.
    report.chosen = max(report.metrics, key=lambda n: report.metrics[n]["roc_auc"])
    report.model = make_model(report.chosen, columns, random_state=random_state)
    del X_train, X_valid  # memory: the final snapshots are about as big
    X_final, y_final = stacked_snapshots(
        engine,
        last_cut,
        horizon_days,
        n_cuts,
        features,
        max_rows=max_rows,
        random_state=random_state,
    )
    report.model.fit(X_final.reindex(columns=columns, fill_value=0.0), y_final.to_numpy())
    return report


MODELS = ("rfm_logistic", "logistic", "gradient_boosting")


def make_model(name: str, columns: list[str], *, random_state: int = 0) -> Any:
    """A fresh, unfitted propensity model called ``name``."""
    if name == "rfm_logistic":
        return logistic_model(list(RFM_ONLY), random_state=random_state)
    if name == "logistic":
        return logistic_model(columns, random_state=random_state)
    if name == "gradient_boosting":
        return boosting_model(random_state=random_state)
    raise ValueError(f"unknown propensity model {name!r}; choose from {MODELS}")


def _check_both_classes(y: pd.Series, where: str) -> None:
    """A clear error where the labels cannot teach or test a classifier."""
    buyers = int(y.sum())
    if buyers == 0 or buyers == len(y):
        raise ValueError(
            f"too little history for purchase propensity: in {where}, {buyers} of {len(y)} "
            "customers bought within the horizon; buyers and non-buyers are both needed "
            "(train again when the shop has more orders, or choose another cut or horizon)"
        )


def compare_models(
    X_train: pd.DataFrame,
    y_train: pd.Series,
    X_test: pd.DataFrame,
    y_test: pd.Series,
    columns: list[str],
    *,
    random_state: int = 0,
) -> dict[str, dict[str, float]]:
    """Fit every model on the training cut and score it on the later one.

    A model that cannot be fitted on so few rows (the booster's early stopping and calibration
    folds need a few buyers each) is left out, and the log says why.
    """
    metrics = {}
    for name in MODELS:
        cols = list(RFM_ONLY) if name == "rfm_logistic" else columns
        model = make_model(name, columns, random_state=random_state)
        try:
            model.fit(X_train[cols], y_train.to_numpy())
        except ValueError as exc:
            logger.warning("propensity model %s left out (%d rows): %s", name, len(y_train), exc)
            continue
        metrics[name] = scores(y_test.to_numpy(), model.predict_proba(X_test[cols])[:, 1])
    return metrics


def evaluate_after_cut(
    engine: Engine,
    cut: datetime,
    *,
    horizon_days: int = 30,
    n_cuts: int = 4,
    random_state: int = 0,
) -> dict[str, dict[str, float]]:
    """Train on snapshots labelled up to ``cut``, score who buys in the horizon after it.

    Every model is scored, and so is ours: the one :func:`train_propensity` chooses by its
    own temporal validation before ``cut``, as a shop's training would (picking the best
    model by its score after the cut would peek at the answer). Its entry is named
    ``"ours (<model>, chosen on validation)"``.
    """
    features = memoised_features(engine)  # training below extracts the same cuts
    X_train, y_train = stacked_snapshots(engine, cut, horizon_days, n_cuts, features)
    X_test, y_test = _dataset(engine, cut, horizon_days, features)
    columns = [c for c in X_train.columns if c in X_test.columns]
    X_test = X_test.reindex(columns=columns, fill_value=0.0)
    results = compare_models(X_train, y_train, X_test, y_test, columns, random_state=random_state)
    report = train_propensity(
        engine,
        cut,
        horizon_days=horizon_days,
        n_cuts=n_cuts,
        random_state=random_state,
        features=features,
    )
    X_ours = X_test.reindex(columns=report.columns, fill_value=0.0)
    name = f"ours ({report.chosen}, chosen on validation)"
    results[name] = scores(y_test.to_numpy(), report.model.predict_proba(X_ours)[:, 1])
    return results
