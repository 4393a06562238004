import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from icrm_models.recommend.association import pair_rules


def _baskets(seed: int, n_orders: int = 400, n_items: int = 15) -> np.ndarray:
    rng = np.random.default_rng(seed)
    base = rng.random((n_orders, n_items)) < np.linspace(0.05, 0.4, n_items)
    base[:, 1] |= base[:, 0] & (rng.random(n_orders) < 0.8)  # 0 -> 1 is a strong rule
    return base


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rules_match_mlxtend(seed: int) -> None:
    from mlxtend.frequent_patterns import apriori, association_rules

    dense = _baskets(seed)
    items = np.arange(100, 100 + dense.shape[1])
    ours = pair_rules(sp.csr_matrix(dense), items, min_support=0.03)
    frame = pd.DataFrame(dense, columns=items)
    frequent = apriori(frame, min_support=0.03, use_colnames=True, max_len=2)
    reference = association_rules(frequent, metric="confidence", min_threshold=0.0)
    reference = pd.DataFrame(
        {
            "antecedent": [next(iter(a)) for a in reference["antecedents"]],
            "consequent": [next(iter(c)) for c in reference["consequents"]],
            "support": reference["support"],
            "confidence": reference["confidence"],
            "lift": reference["lift"],
        }
    )
    key = ["antecedent", "consequent"]
    merged = ours.merge(reference, on=key, suffixes=("", "_ref"), how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()
    for column in ("support", "confidence", "lift"):
        assert np.allclose(merged[column], merged[f"{column}_ref"])


def test_the_planted_rule_comes_first() -> None:
    rules = pair_rules(
        sp.csr_matrix(_baskets(0)), np.arange(15), min_support=0.02, min_confidence=0.5
    )
    top = rules.iloc[0]
    assert {top["antecedent"], top["consequent"]} == {0, 1} and top["lift"] > 1.5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_support": 0}, "invalid thresholds"),
        ({"min_confidence": 2}, "invalid thresholds"),
    ],
)
def test_bad_thresholds(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pair_rules(sp.csr_matrix(np.ones((3, 2))), np.arange(2), **kwargs)


def test_no_baskets() -> None:
    with pytest.raises(ValueError, match="no baskets"):
        pair_rules(sp.csr_matrix((0, 3)), np.arange(3))
