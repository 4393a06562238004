"""Paired differences of two recommenders on the same customers."""

from __future__ import annotations

import numpy as np
import pytest

from icrm_models.recommend.metrics import hit_rate, hits, ndcg, ndcg_values
from icrm_models.recommend.paired import paired_difference


def test_identical_recommenders_are_level_with_a_zero_width_interval() -> None:
    values = np.array([1.0, 0.0, 1.0, 1.0])
    difference = paired_difference(values, values)
    assert (difference.mean, difference.low, difference.high) == (0.0, 0.0, 0.0)
    assert difference.verdict == "level"


def test_the_interval_matches_the_normal_approximation() -> None:
    rng = np.random.default_rng(0)
    ours, theirs = rng.random(400), rng.random(400)
    difference = paired_difference(ours, theirs)
    d = ours - theirs
    half = 1.959964 * d.std(ddof=1) / np.sqrt(len(d))
    assert difference.mean == pytest.approx(d.mean())
    assert (difference.low, difference.high) == pytest.approx((d.mean() - half, d.mean() + half))


def test_a_clear_gap_is_better_or_worse_and_a_few_customers_either_way_is_level() -> None:
    theirs = np.zeros(1000)
    ours = np.zeros(1000)
    ours[:200] = 1.0  # 200 customers more hit: a real gap
    assert paired_difference(ours, theirs).verdict == "better"
    assert paired_difference(theirs, ours).verdict == "worse"
    # 9 customers only the baseline hits, 5 only ours (as on Online Retail against buy-again)
    ours, theirs = np.zeros(1500), np.zeros(1500)
    theirs[:9] = 1.0
    ours[100:105] = 1.0
    assert paired_difference(ours, theirs).verdict == "level"


def test_the_pairing_matters() -> None:
    """The same hit rates, paired differently: unpaired noise would hide a consistent gain."""
    base = np.linspace(0, 1, 500)
    assert paired_difference(base + 0.01, base).verdict == "better"


@pytest.mark.parametrize(
    ("ours", "theirs", "message"),
    [
        (np.zeros(3), np.zeros(4), "one value per customer"),
        (np.zeros((2, 2)), np.zeros((2, 2)), "one value per customer"),
        (np.zeros(1), np.zeros(1), "at least two customers"),
    ],
)
def test_bad_input_is_a_clear_error(ours: np.ndarray, theirs: np.ndarray, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        paired_difference(ours, theirs)


def test_per_customer_values_average_to_the_summary_metrics() -> None:
    recommended = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    relevant = [{2}, {9, 4}, set()]
    assert hits(recommended, relevant).tolist() == [1.0, 1.0, 0.0]
    assert hit_rate(recommended, relevant) == pytest.approx(2 / 3)
    per_customer = ndcg_values(recommended, relevant)
    assert per_customer[0] == pytest.approx(1 / np.log2(3))
    assert per_customer[2] == 0.0
    assert ndcg(recommended, relevant) == pytest.approx(per_customer.mean())
    assert hit_rate(recommended[:0], []) == 0.0 and ndcg(recommended[:0], []) == 0.0
