from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import SyntheticTruth
from icrm_models.features.extract import extract_features
from icrm_models.segments.model import CustomerSegmenter
from icrm_models.segments.segmentation import SEGMENT_FEATURES, fit_segments
from icrm_models.segments.stability import match_segments, stable_ids
from tests.helpers.shop import AS_OF, seeded_shop


@parametrize_with_checks([CustomerSegmenter(k_range=(2, 3), silhouette_sample=200)])
def test_sklearn_contract(estimator: CustomerSegmenter, check) -> None:  # type: ignore[no-untyped-def]
    check(estimator)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return seeded_shop(tmp_path_factory, 1500)


@pytest.fixture(scope="module")
def personas(shop: Engine) -> dict[int, str]:
    with Session(shop) as session:
        return {t.customer_id: t.persona for t in session.scalars(select(SyntheticTruth))}


def test_segments_recover_the_hidden_personas(shop: Engine, personas: dict[int, str]) -> None:
    features = extract_features(shop, AS_OF).frame
    segmentation = fit_segments(features)
    named = segmentation.assignments.map(segmentation.names)
    persona = pd.Series([personas[c] for c in named.index], index=named.index)
    bargain = persona[named.str.startswith("Bargain hunters")]
    assert len(bargain) > 30 and (bargain == "bargain_hunter").mean() > 0.8
    champions = persona[named.str.startswith("Champions")]
    assert champions.isin(["loyal_big_spender", "regular"]).mean() > 0.85
    big = persona == "loyal_big_spender"
    assert named[big].str.startswith("Champions").mean() > 0.4
    assert set(segmentation.profiles.index) == set(segmentation.names)
    assert len(set(segmentation.names.values())) == len(segmentation.names)


def test_labels_and_names_stay_stable_across_retrains(shop: Engine) -> None:
    first = fit_segments(extract_features(shop, AS_OF - timedelta(days=30)).frame)
    second_features = extract_features(shop, AS_OF).frame
    second = fit_segments(second_features, previous=first)
    for segment_id, name in second.names.items():
        if segment_id in first.names:
            assert first.names[segment_id] == name
    # Most customers keep their segment id from one month to the next.
    common = first.assignments.index.intersection(second.assignments.index)
    same = (first.assignments[common] == second.assignments[common]).mean()
    assert same > 0.6
    assert second.assign(second_features).equals(second.assignments)


def test_matching_pairs_the_closest_segments_and_leaves_strangers_new() -> None:
    old = pd.DataFrame({"a": [0.0, 10.0, 20.0], "b": [0.0, 5.0, 10.0]}, index=[7, 8, 9])
    new = pd.DataFrame({"a": [19.5, 0.2, 100.0], "b": [10.0, 0.1, 90.0]}, index=[0, 1, 2])
    mapping = match_segments(new, old)
    assert mapping == {0: 9, 1: 7, 2: None}
    assert stable_ids(mapping, [7, 8, 9]) == {0: 9, 1: 7, 2: 10}


@pytest.mark.parametrize(
    ("X", "message"),
    [
        (np.ones((2, 3)), "n_samples = 2"),
        (np.array([[1.0, np.nan, 2.0]] * 5), "NaN"),
    ],
)
def test_bad_input_gives_clear_errors(X: np.ndarray, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CustomerSegmenter().fit(X)
    with pytest.raises(ValueError, match="min_segment_share"):
        CustomerSegmenter(min_segment_share=0.5).fit(np.ones((5, 2)))


def test_a_handful_of_outliers_does_not_become_a_segment() -> None:
    """Two real groups and two odd customers: without a minimum size the odd pair is a
    "segment" (the best silhouette); with it, they join the nearest group."""
    rng = np.random.default_rng(0)
    X = np.vstack(
        [
            rng.normal((0, 0), 0.5, (150, 2)),
            rng.normal((6, 0), 0.5, (150, 2)),
            rng.normal((3, 8), 0.1, (2, 2)),
        ]
    )
    unrestricted = CustomerSegmenter(k_range=(2, 3), min_segment_share=0.0).fit(X)
    assert np.bincount(unrestricted.labels_).min() == 2
    segmenter = CustomerSegmenter(k_range=(2, 3)).fit(X)
    assert segmenter.n_segments_ == 2
    assert sorted(np.bincount(segmenter.labels_)) == [150, 152]
    assert {"kmeans_smallest_segment", "gmm_smallest_segment"} <= set(segmenter.scores_[0])


def test_a_single_customer_cannot_be_segmented() -> None:
    frame = pd.DataFrame([dict.fromkeys(SEGMENT_FEATURES, 1.0)])
    with pytest.raises(ValueError, match="at least 3 customers"):
        fit_segments(frame)


def test_a_new_segment_never_takes_a_kept_segments_name(
    shop: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Names key the card's segment sizes and the cold-start lists: two equal names would
    merge two segments there."""
    first = fit_segments(extract_features(shop, AS_OF - timedelta(days=30)).frame, k_range=(3, 3))
    kept = next(iter(first.names.values()))
    monkeypatch.setattr(
        "icrm_models.segments.segmentation.name_segments",
        lambda profiles, features: dict.fromkeys(profiles.index, kept),
    )
    second = fit_segments(extract_features(shop, AS_OF).frame, previous=first, k_range=(6, 6))
    assert len(second.names) == 6
    assert len(set(second.names.values())) == 6
    assert kept in second.names.values() and f"{kept} 2" in second.names.values()
