def test_best_first_orders_like_a_full_stable_sort() -> None:
    """The partial sort behind recommend_for, against the full sort, ties and odd sizes."""
    import numpy as np

    from icrm_models.recommend.personal import _best_first

    rng = np.random.default_rng(0)
    for _ in range(200):
        scores = rng.integers(0, 5, int(rng.integers(1, 300))).astype(float)
        head = int(rng.integers(1, 50))
        assert list(_best_first(scores, head)) == np.argsort(-scores, kind="stable").tolist()
