from datetime import timedelta

import numpy as np
import pytest

from icrm_models.recommend.blend import BlendRecommender, _combine, tune_weights, weight_grid
from icrm_models.recommend.evaluate import relevant_items
from icrm_models.recommend.interactions import build_interactions, purchase_lines
from icrm_models.recommend.metrics import hit_rate, ndcg, top_k
from tests.helpers.shop import AS_OF, seeded_shop


def _exhaustive(model: BlendRecommender, customers: np.ndarray, relevant: list[set[int]]) -> float:
    """The best NDCG@10 over the grid, scoring the whole catalogue for every customer."""
    parts = model.signal_scores(model.data_.rows_of(customers))
    best = -1.0
    for weights in weight_grid(0.1, content=False):
        recommended = top_k(_combine(parts, weights, (len(customers), model.data_.n_items)), 10)
        best = max(best, ndcg(recommended, relevant))
    return best


@pytest.fixture(scope="module")
def tuning_case(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[BlendRecommender, np.ndarray, list[set[int]]]:
    engine = seeded_shop(tmp_path_factory, 150)
    lines = purchase_lines(engine, None, AS_OF)
    engine.dispose()
    cut = AS_OF - timedelta(days=90)
    inner = build_interactions(lines[lines["placed_at"] < cut], cut)
    customers, relevant = relevant_items(inner, lines[lines["placed_at"] >= cut])
    return BlendRecommender().fit(inner), customers, relevant


def test_tuning_on_candidates_finds_the_exhaustive_optimum(
    tuning_case: tuple[BlendRecommender, np.ndarray, list[set[int]]],
) -> None:
    model, customers, relevant = tuning_case
    assert len(customers) >= 30
    _, fast = tune_weights(model, customers, relevant, candidates=30, chunk=7)
    # Equal up to how ties among equally scored items are broken.
    assert fast == pytest.approx(_exhaustive(model, customers, relevant), abs=0.005)


def test_tuning_samples_customers_reproducibly(
    tuning_case: tuple[BlendRecommender, np.ndarray, list[set[int]]],
) -> None:
    model, customers, relevant = tuning_case
    first = tune_weights(model, customers, relevant, max_customers=20)
    assert tune_weights(model, customers, relevant, max_customers=20) == first
    weights, score = first
    assert 0 <= score <= 1 and abs(sum(weights.as_tuple()) - 1) < 1e-9
    recommended = top_k(model.scores(customers), 10)
    assert hit_rate(recommended, relevant) > 0
