"""Train and validate propensity models on time: fit on an earlier cut, score a later one.

The validation cut lies ``horizon_days`` before the last cut, so every validation label is
observed; no feature or label of the training set comes from after its own cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sqlalchemy import Engine

from icrm_models.features.extract import extract_features
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


def _dataset(engine: Engine, cut: datetime, horizon_days: int) -> tuple[pd.DataFrame, pd.Series]:
    features = extract_features(engine, cut).frame
    return features, purchase_labels(engine, features.index, cut, horizon_days)


def train_propensity(
    engine: Engine, last_cut: datetime, *, horizon_days: int = 30, random_state: int = 0
) -> PropensityReport:
    """Validate on time, choose the better model by ROC-AUC, refit it for ``last_cut``.

    Training uses features at ``last_cut - 2 * horizon`` labelled by the following horizon;
    validation uses features at ``last_cut - horizon`` labelled by the horizon up to
    ``last_cut``; the chosen model is refitted on the validation cut's data.
    """
    validation_cut = last_cut - timedelta(days=horizon_days)
    train_cut = validation_cut - timedelta(days=horizon_days)
    X_train, y_train = _dataset(engine, train_cut, horizon_days)
    X_valid, y_valid = _dataset(engine, validation_cut, horizon_days)
    columns = [c for c in X_train.columns if c in X_valid.columns]
    report = PropensityReport(
        horizon_days,
        train_cut,
        validation_cut,
        columns=columns,
        positive_rate=float(y_valid.mean()),
    )

    def make(name: str) -> Any:
        if name == "rfm_logistic":
            return logistic_model(list(RFM_ONLY), random_state=random_state)
        if name == "logistic":
            return logistic_model(columns, random_state=random_state)
        return boosting_model(random_state=random_state)

    candidates = {"rfm_logistic": list(RFM_ONLY), "logistic": columns, "gradient_boosting": columns}
    for name, cols in candidates.items():
        model = make(name).fit(X_train[cols], y_train.to_numpy())
        p = model.predict_proba(X_valid[cols])[:, 1]
        report.metrics[name] = scores(y_valid.to_numpy(), p)
    report.chosen = max(
        ("logistic", "gradient_boosting"), key=lambda n: report.metrics[n]["roc_auc"]
    )
    report.model = make(report.chosen).fit(X_valid[columns], y_valid.to_numpy())
    return report
