from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import SyntheticTruth
from icrm_models.features.extract import extract_features
from icrm_models.propensity.labels import purchase_labels, purchased_between
from icrm_models.propensity.training import (
    MODELS,
    evaluate_after_cut,
    scores,
    train_propensity,
)
from tests.helpers.shop import AS_OF, seeded_shop


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return seeded_shop(tmp_path_factory, 2000)


def test_propensity_predicts_the_hidden_next_purchase(shop: Engine) -> None:
    report = train_propensity(shop, AS_OF, horizon_days=30)
    assert report.validation_cut == AS_OF - timedelta(days=30)
    assert report.train_cut == AS_OF - timedelta(days=60)
    for metrics in report.metrics.values():
        assert 0.5 < metrics["roc_auc"] <= 1 and 0 <= metrics["brier"] < 0.25
    features = extract_features(shop, AS_OF).frame
    p = report.model.predict_proba(features[report.columns])[:, 1]
    with Session(shop) as session:
        upcoming = {t.customer_id: t.next_order_at for t in session.scalars(select(SyntheticTruth))}
    truth = np.array(
        [
            upcoming[c] is not None and upcoming[c] <= AS_OF + timedelta(days=30)
            for c in features.index
        ]
    )
    assert roc_auc_score(truth, p) >= 0.8
    # Calibrated: the mean probability is close to the share of customers who do buy.
    assert abs(p.mean() - truth.mean()) < 0.08


def test_labels_come_only_from_the_window_after_the_cut(shop: Engine) -> None:
    cut = AS_OF - timedelta(days=30)
    window = purchased_between(shop, cut, AS_OF)
    customers = pd.Index([*window.index[:5], 999_999])
    labels = purchase_labels(shop, customers, cut, 30)
    assert labels.tolist() == [1, 1, 1, 1, 1, 0]
    assert purchase_labels(shop, customers, AS_OF, 30).sum() == 0  # nothing after AS_OF


def test_bad_windows_and_one_class_labels_are_clear_errors(shop: Engine) -> None:
    with pytest.raises(ValueError, match="horizon_days"):
        purchase_labels(shop, pd.Index([1]), AS_OF, 0)
    with pytest.raises(ValueError, match="empty window"):
        purchased_between(shop, AS_OF, AS_OF)
    with pytest.raises(ValueError, match="one class"):
        scores(np.zeros(10), np.linspace(0, 1, 10))


def test_the_evaluation_scores_the_model_its_own_validation_chose(shop: Engine) -> None:
    """Ours is chosen before the cut, not by the scores after it: it is one of the models,
    refitted as training refits it, whether or not it scores best after the cut."""
    results = evaluate_after_cut(shop, AS_OF - timedelta(days=30), horizon_days=30)
    ours = [name for name in results if name.startswith("ours (")]
    assert len(ours) == 1 and set(results) == {*MODELS, ours[0]}
    chosen = ours[0].removeprefix("ours (").split(",")[0]
    assert chosen in MODELS
    assert results[ours[0]] == pytest.approx(results[chosen])
