from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer, OrderItem, Product, Return, SyntheticTruth
from icrm_models.recommend import signals
from icrm_models.recommend.blend import SIGNALS, BlendRecommender, BlendWeights, weight_grid
from icrm_models.recommend.evaluate import evaluate_recommenders
from icrm_models.recommend.interactions import build_interactions, purchase_lines
from icrm_models.recommend.metrics import coverage, hit_rate, ndcg, top_k
from tests.helpers.purchase_lines import CUT, lines_before_cut
from tests.helpers.shop import AS_OF, seeded_shop


@pytest.mark.parametrize(("n_rows", "n_cols", "k"), [(1, 1, 1), (7, 13, 5), (5, 9, 9), (3, 40, 17)])
def test_top_k_matches_a_full_sort(n_rows: int, n_cols: int, k: int) -> None:
    rng = np.random.default_rng(n_cols)
    scores = rng.integers(0, 5, (n_rows, n_cols)).astype(float)  # many ties
    fast = top_k(scores, k)
    for row in range(n_rows):
        reference = sorted(range(n_cols), key=lambda i: (-scores[row, i], i))[:k]
        assert sorted(scores[row, fast[row]], reverse=True) == list(scores[row, reference])


def test_metrics_on_known_cases() -> None:
    recommended = np.array([[1, 2, 3], [4, 5, 6]])
    relevant = [{3}, {9}]
    assert hit_rate(recommended, relevant) == 0.5
    assert ndcg(recommended, relevant) == pytest.approx(0.5 * (1 / np.log2(4)))
    assert coverage(recommended, 12) == 0.5


def test_item_similarity_is_the_cosine_of_basket_columns() -> None:
    data = build_interactions(
        lines_before_cut(
            [
                (1, 10, 100, 5),
                (1, 10, 101, 5),
                (2, 11, 100, 3),
                (2, 11, 102, 3),
                (3, 12, 101, 1),
                (3, 12, 102, 1),
                (3, 13, 100, 2),
            ]
        ),
        CUT,
    )
    dense = data.baskets.toarray()
    norms = np.linalg.norm(dense, axis=0)
    reference = dense.T @ dense / np.outer(norms, norms)
    np.fill_diagonal(reference, 0)
    assert np.allclose(signals.item_similarity(data).toarray(), reference)


def test_unknown_customers_get_popular_items_and_known_ones_their_history() -> None:
    data = build_interactions(
        lines_before_cut(
            [(1, 10, 100, 5), (1, 11, 100, 50), (2, 12, 101, 3), (3, 13, 101, 1), (3, 14, 102, 200)]
        ),
        CUT,
    )
    model = BlendRecommender(BlendWeights(0.5, 0.5, 0.0, 0.0, 0.0)).fit(data)
    scores = model.scores(np.array([1, 999]))
    assert data.item_ids[scores[0].argmax()] == 100
    popular = BlendRecommender(BlendWeights(0, 0, 0, 0, 1)).fit(data).scores(np.array([999]))
    assert data.item_ids[popular[0].argmax()] == 101


def test_weight_grid_covers_the_simplex() -> None:
    grid = weight_grid(0.25)
    assert all(abs(sum(w.as_tuple()) - 1) < 1e-9 for w in grid)
    assert len(grid) == 70  # C(4 + 4, 4)
    assert all(w.content == 0 for w in weight_grid(0.25, content=False))


def test_empty_history_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no purchases before"):
        build_interactions(lines_before_cut([]), CUT)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return seeded_shop(tmp_path_factory, 1200)


def test_ours_beats_the_baselines_on_the_synthetic_shop(shop: Engine) -> None:
    lines = purchase_lines(shop, None, AS_OF)
    result = evaluate_recommenders(lines, AS_OF - timedelta(days=120), 120)
    by_name = {r.name: r for r in result.results}
    ours = by_name["ours (blend)"]
    for baseline in ("most popular", "item co-purchase"):
        assert ours.hr >= by_name[baseline].hr and ours.ndcg >= by_name[baseline].ndcg
    assert result.weights is not None


def test_recommendations_follow_the_hidden_favourite_categories(shop: Engine) -> None:
    lines = purchase_lines(shop, None, AS_OF)
    data = build_interactions(lines, AS_OF)
    model = BlendRecommender(BlendWeights(0.2, 0.2, 0.3, 0.0, 0.3)).fit(data)
    with Session(shop) as session:
        favourites = {
            t.customer_id: {c for c, _ in t.favourite_categories}
            for t in session.scalars(select(SyntheticTruth))
        }
        category = dict(session.execute(select(Product.id, Product.category)).all())
    customers = data.customer_ids[:300]
    recommended = top_k(model.scores(customers), 10)
    share = np.mean(
        [
            category[int(data.item_ids[i])] in favourites[int(c)]
            for c, row in zip(customers, recommended, strict=True)
            for i in row
        ]
    )
    popular = top_k(BlendRecommender(BlendWeights(0, 0, 0, 0, 1)).fit(data).scores(customers), 10)
    base = np.mean(
        [
            category[int(data.item_ids[i])] in favourites[int(c)]
            for c, row in zip(customers, popular, strict=True)
            for i in row
        ]
    )
    assert share > base + 0.2


def test_personal_recommendations_are_filtered_diverse_and_explained(shop: Engine) -> None:
    from icrm_models.recommend.personal import Catalogue, recommend_for

    lines = purchase_lines(shop, None, AS_OF)
    data = build_interactions(lines, AS_OF)
    model = BlendRecommender(BlendWeights(0.2, 0.2, 0.4, 0.0, 0.2)).fit(data)
    catalogue = Catalogue.load(shop)
    customer = int(data.customer_ids[0])
    bought = {int(p) for p in lines.loc[lines["customer_id"] == customer, "product_id"]}
    picks = recommend_for(model, customer, catalogue, k=6, exclude=bought, max_per_category=2)
    assert len(picks) == 6
    products = catalogue.products
    for pick in picks:
        assert pick.product_id not in bought
        assert products.at[pick.product_id, "stock"] > 0
        assert pick.reason
    categories = [p.category for p in picks]
    assert max(categories.count(c) for c in categories) <= 2
    assert any(p.reason.startswith("often bought with") for p in picks)
    # A stranger gets popular products.
    stranger = recommend_for(model, 10**9, catalogue, k=3)
    assert [p.reason for p in stranger] == ["popular right now"] * 3
    with pytest.raises(ValueError, match="k must be"):
        recommend_for(model, customer, catalogue, k=0)


def test_returned_products_are_the_products_of_the_customers_returns(shop: Engine) -> None:
    from icrm_models.recommend.personal import returned_products

    with Session(shop) as session:
        returns = session.scalars(select(Return).where(Return.order_item_id.is_not(None))).all()
        assert returns, "the seeded shop has returns with their order lines"
        customer = returns[0].customer_id
        expected = {
            session.get_one(OrderItem, r.order_item_id).product_id
            for r in returns
            if r.customer_id == customer
        }
        never = session.scalar(
            select(Customer.id).where(Customer.id.not_in(select(Return.customer_id))).limit(1)
        )
    assert expected and returned_products(shop, customer) == expected
    assert never is not None and returned_products(shop, never) == set()


@pytest.mark.parametrize(
    "weights",
    [BlendWeights(0.0, 0.6, 0.1, 0.0, 0.3), BlendWeights(0.2, 0.2, 0.2, 0.2, 0.2)],
)
def test_scores_skip_zero_weighted_signals_and_equal_the_full_blend(
    shop: Engine, weights: BlendWeights, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = purchase_lines(shop, None, AS_OF)
    data = build_interactions(lines, AS_OF)
    vectors = np.random.default_rng(0).normal(size=(data.n_items, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    model = BlendRecommender(weights).fit(data, vectors)
    customers = np.concatenate([data.customer_ids[:50], [10**9]])  # and one unknown
    parts = model.signal_scores(data.rows_of(customers))
    full = sum(w * parts[n] for n, w in zip(SIGNALS, weights.as_tuple(), strict=True))
    if weights.content == 0:  # a zero weight must not cost its signal's computation

        def refuse(*_: object) -> np.ndarray:
            raise AssertionError("content computed for a zero weight")

        monkeypatch.setattr(signals, "profiles", refuse)
    assert model.active_signals() == [
        n for n, w in zip(SIGNALS, weights.as_tuple(), strict=True) if w
    ]
    np.testing.assert_allclose(model.scores(customers), full, rtol=1e-12)
