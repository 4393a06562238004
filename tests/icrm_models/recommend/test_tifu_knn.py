"""TIFU-KNN on hand-made baskets whose ranking is known, and against a loop reference."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest

from icrm_models.recommend.interactions import Interactions, build_interactions
from icrm_models.recommend.tifu_knn import (
    BasketHistory,
    TifuKnn,
    basket_history,
    basket_weights,
    tifu_knn,
)

CUT = datetime(2024, 6, 1, tzinfo=UTC)


def lines_of(baskets: dict[int, list[list[int]]]) -> pd.DataFrame:
    """Purchase lines: per customer, baskets oldest first, a week apart, ending before CUT."""
    records = []
    order = 0
    for customer, sequence in baskets.items():
        for i, items in enumerate(sequence):
            order += 1
            placed = CUT - timedelta(days=7 * (len(sequence) - i))
            records += [(customer, order, item, placed) for item in items]
    frame = pd.DataFrame(records, columns=["customer_id", "order_id", "product_id", "placed_at"])
    frame["placed_at"] = pd.to_datetime(frame["placed_at"], utc=True)
    return frame


def fitted(
    baskets: dict[int, list[list[int]]], **parameters: Any
) -> tuple[Interactions, BasketHistory, TifuKnn]:
    lines = lines_of(baskets)
    data = build_interactions(lines, CUT)
    history = basket_history(lines, data)
    return data, history, TifuKnn(**parameters).fit(history)


def reference_vector(
    sequence: list[list[int]], items: list[int], m: int, r_b: float, r_g: float
) -> np.ndarray:
    """The paper's formula, written as loops: groups of m counted back from the latest basket."""
    recent_first = sequence[::-1]
    groups = [recent_first[i : i + m][::-1] for i in range(0, len(recent_first), m)][::-1]
    u = np.zeros(len(items))
    for i, group in enumerate(groups, start=1):
        v = np.zeros(len(items))
        for j, basket in enumerate(group, start=1):
            for item in basket:
                v[items.index(item)] += r_b ** (len(group) - j) / m
        u += r_g ** (len(groups) - i) * v / len(groups)
    return u


def test_basket_weights_follow_groups_counted_back_from_the_latest_basket() -> None:
    # 3 baskets, m = 2: the oldest forms a short group of one, the two latest a full group;
    # then a customer of one basket, then one of m + 1 baskets.
    weights = basket_weights(np.array([0, 0, 0, 4, 6, 6, 6]), 2, 0.9, 0.7)
    two_groups = [0.7 / 2 / 2, 0.9 / 2 / 2, 1 / 2 / 2]
    assert weights == pytest.approx([*two_groups, 1 / 2, *two_groups])
    assert basket_weights(np.array([5]), 7, 0.9, 0.7) == pytest.approx([1 / 7])
    assert basket_weights(np.zeros(0, dtype=np.int64), 7, 0.9, 0.7).shape == (0,)


def test_recent_repeats_rank_above_old_purchases() -> None:
    # Item 1 every week lately, item 2 once long ago, item 3 once in the latest basket.
    baskets = {10: [[2], [4], [4], [4], [1], [1], [1, 3]], 11: [[4, 5]]}
    data, _, model = fitted(baskets, group_size=3, alpha=1.0)
    scores = model.scores(data.rows_of(np.array([10])))[0]
    column = {int(item): c for c, item in enumerate(data.item_ids)}
    assert scores[column[1]] > scores[column[3]] > scores[column[2]] > 0
    assert scores[column[5]] == 0.0  # never bought, and alpha = 1 ignores neighbours


def test_alpha_one_is_the_personal_decayed_frequency_of_the_reference() -> None:
    rng = np.random.default_rng(3)
    baskets = {
        c: [sorted(set(rng.integers(0, 6, size=3).tolist())) for _ in range(rng.integers(1, 12))]
        for c in range(8)
    }
    m, r_b, r_g = 3, 0.8, 0.6
    data, _, model = fitted(baskets, group_size=m, within_decay=r_b, group_decay=r_g, alpha=1.0)
    items = data.item_ids.tolist()
    expected = np.vstack(
        [reference_vector(baskets[c], items, m, r_b, r_g) for c in data.customer_ids]
    )
    rows = np.arange(len(data.customer_ids))
    np.testing.assert_allclose(model.scores(rows), expected)
    np.testing.assert_allclose(model.personal_.toarray(), expected)


def test_a_neighbours_item_shows_up_only_when_alpha_is_below_one() -> None:
    # Customer 2 buys like customer 1 plus item 9; customer 3 is unlike both.
    baskets = {1: [[1, 2], [1, 2]], 2: [[1, 2, 9], [1, 2]], 3: [[7], [8]]}
    data, history, blended = fitted(baskets, n_neighbors=1, alpha=0.7)
    _, _, personal = fitted(baskets, n_neighbors=1, alpha=1.0)
    row = data.rows_of(np.array([1]))
    nine = int(np.flatnonzero(data.item_ids == 9)[0])
    assert blended.neighbours(row).tolist() == [data.rows_of(np.array([2])).tolist()]
    assert personal.scores(row)[0, nine] == 0.0
    neighbour = blended.personal_[data.rows_of(np.array([2]))].toarray()[0]
    assert blended.scores(row)[0, nine] == pytest.approx(0.3 * neighbour[nine])
    assert blended.scores(row)[0, nine] > 0
    # The function form of the other baselines gives the same scores.
    model = TifuKnn(n_neighbors=1, alpha=0.7)
    np.testing.assert_allclose(
        tifu_knn(data, row, history=history, model=model), blended.scores(row)
    )


def test_a_customer_never_counts_as_their_own_neighbour() -> None:
    baskets = {1: [[1, 2]], 2: [[1, 2]], 3: [[1, 3]]}  # customers 1 and 2 are identical
    _, _, model = fitted(baskets, n_neighbors=1, metric="euclidean")
    near = model.neighbours(np.arange(3))
    assert near.shape == (3, 1)
    assert near[0, 0] == 1 and near[1, 0] == 0
    assert (near[:, 0] != np.arange(3)).all()


def test_shapes_one_basket_customers_unknown_rows_and_no_nan() -> None:
    baskets = {1: [[1]], 2: [[1, 2], [3]], 3: [[2, 3], [3], [4]]}
    data, _, model = fitted(baskets)  # k = 300 > customers - 1: capped at 2
    rows = np.array([0, -1, 1, 2, 0])
    scores = model.scores(rows)
    assert scores.shape == (5, data.n_items)
    assert np.isfinite(scores).all()
    assert (scores[1] == 0).all()  # no purchases: nothing to say
    one = scores[0]  # customer 1, one basket of item 1: 1/m, blended with both others
    assert model.personal_[0].toarray()[0] == pytest.approx([1 / 7, 0, 0, 0])
    assert one[0] == one.max()
    assert one[0] == pytest.approx(0.7 / 7 + 0.3 * model.personal_[1:, 0].toarray().mean())
    assert model.scores(np.zeros(0, dtype=np.int64)).shape == (0, data.n_items)


def test_a_single_customer_has_no_neighbours_and_scores_their_own_items() -> None:
    _, _, model = fitted({1: [[1, 2], [2]]})
    assert model.neighbours(np.array([0])).shape == (1, 0)
    np.testing.assert_allclose(model.scores(np.array([0])), model.personal_.toarray())


def test_bad_input_is_an_error_not_a_silent_loss() -> None:
    lines = lines_of({1: [[1, 2]], 2: [[2]]})
    data = build_interactions(lines, CUT)
    late = lines.assign(placed_at=pd.Timestamp(CUT))
    with pytest.raises(ValueError, match="on or after the cut"):
        basket_history(late, data)
    with pytest.raises(ValueError, match="unknown customers"):
        basket_history(lines.assign(customer_id=99), data)
    with pytest.raises(ValueError, match="lack the columns"):
        basket_history(lines.drop(columns="placed_at"), data)
    with pytest.raises(ValueError, match="alpha"):
        TifuKnn(alpha=1.5).fit(basket_history(lines, data))
    with pytest.raises(ValueError, match="not fitted"):
        TifuKnn().scores(np.array([0]))
    other = build_interactions(lines_of({1: [[1, 2, 3]]}), CUT)
    with pytest.raises(ValueError, match="not built for these interactions"):
        tifu_knn(other, np.array([0]), history=basket_history(lines, data))
