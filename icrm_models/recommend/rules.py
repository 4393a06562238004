"""The shop's co-purchase rules, kept with the models: for reasons shown to customers
("often bought with X: in 32 % of its orders") and for analysts (`icrm models rules`).

Rules come from :func:`icrm_models.recommend.association.pair_rules` over the training
baskets. A pair must share a minimum number of orders (a support threshold as a count, so it
means the same in a small shop and a large one), and each product keeps its strongest
consequents by lift: the table stays small at any catalogue size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from icrm_models.recommend.association import pair_rules
from icrm_models.recommend.interactions import Interactions

MIN_PAIR_ORDERS = 5  # orders a pair must share to be a rule
MIN_CONFIDENCE = 0.05
PER_PRODUCT = 20  # consequents kept per antecedent, by lift
COLUMNS = ["antecedent", "consequent", "support", "confidence", "lift", "orders"]


@dataclass
class CoPurchaseRules:
    """Pairwise rules A -> B (product ids) with support, confidence, lift and shared orders."""

    table: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS))
    min_orders: int = MIN_PAIR_ORDERS
    n_orders: int = 0
    _lookup: dict[tuple[int, int], float] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._lookup = {
            (int(a), int(b)): float(c)
            for a, b, c in zip(
                self.table["antecedent"],
                self.table["consequent"],
                self.table["confidence"],
                strict=True,
            )
        }

    def __len__(self) -> int:
        return len(self.table)

    def confidence(self, antecedent: int, consequent: int) -> float | None:
        """Share of the orders with ``antecedent`` that hold ``consequent`` (None: no rule)."""
        return self._lookup.get((antecedent, consequent))

    def top(self, n: int = 20, *, product_id: int | None = None) -> pd.DataFrame:
        """The ``n`` strongest rules by lift, all of them or those from ``product_id``."""
        table = self.table
        if product_id is not None:
            table = table[table["antecedent"] == product_id]
        return table.nlargest(n, ["lift", "confidence"]).reset_index(drop=True)


def learn_rules(
    data: Interactions,
    *,
    min_orders: int = MIN_PAIR_ORDERS,
    min_confidence: float = MIN_CONFIDENCE,
    per_product: int = PER_PRODUCT,
) -> CoPurchaseRules:
    """Rules from the training baskets (one row per order)."""
    n_orders = int(data.baskets.shape[0])
    if n_orders < min_orders:
        return CoPurchaseRules(min_orders=min_orders, n_orders=n_orders)
    rules = pair_rules(
        data.baskets,
        data.item_ids,
        min_support=min_orders / n_orders,
        min_confidence=min_confidence,
    )
    rules["orders"] = (rules["support"] * n_orders).round().astype(int)
    # pair_rules sorts by lift: the first rows of each antecedent are its strongest.
    rules = rules.groupby("antecedent", sort=False).head(per_product).reset_index(drop=True)
    return CoPurchaseRules(rules[COLUMNS], min_orders=min_orders, n_orders=n_orders)
