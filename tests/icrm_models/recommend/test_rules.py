"""Co-purchase rules kept with the models: learnt from baskets, looked up for reasons."""

import pytest
from sqlalchemy import Engine

from icrm_models.recommend.blend import BlendRecommender, BlendWeights
from icrm_models.recommend.interactions import build_interactions, purchase_lines
from icrm_models.recommend.personal import Catalogue, recommend_for
from icrm_models.recommend.rules import CoPurchaseRules, learn_rules
from tests.helpers.purchase_lines import CUT, lines_before_cut
from tests.helpers.shop import AS_OF, seeded_shop


def _baskets() -> list[tuple[int, int, int, int]]:
    """20 orders: tea (1) and cups (2) together in 12, tea alone in 4, cake (3) alone in 4."""
    rows = []
    for order in range(20):
        customer, days = order % 7, 10 + order
        if order < 12:
            rows += [(customer, order, 1, days), (customer, order, 2, days)]
        elif order < 16:
            rows.append((customer, order, 1, days))
        else:
            rows.append((customer, order, 3, days))
    return rows


def test_rules_carry_support_confidence_lift_and_shared_orders() -> None:
    rules = learn_rules(build_interactions(lines_before_cut(_baskets()), CUT), min_orders=10)
    assert len(rules) == 2  # tea -> cups and cups -> tea; cake shares no order
    tea_cups = rules.top(product_id=1).iloc[0]
    assert tea_cups["consequent"] == 2 and tea_cups["orders"] == 12
    assert tea_cups["support"] == pytest.approx(12 / 20)
    assert tea_cups["confidence"] == pytest.approx(12 / 16)
    assert tea_cups["lift"] == pytest.approx((12 / 16) / (12 / 20))
    assert rules.confidence(2, 1) == pytest.approx(1.0)
    assert rules.confidence(1, 3) is None


def test_pairs_in_too_few_orders_and_tiny_shops_give_no_rules() -> None:
    data = build_interactions(lines_before_cut(_baskets()), CUT)
    assert len(learn_rules(data, min_orders=13)) == 0
    assert len(learn_rules(data, min_orders=21)) == 0  # fewer orders than the threshold
    assert len(CoPurchaseRules()) == 0 and CoPurchaseRules().confidence(1, 2) is None


def test_each_product_keeps_its_strongest_consequents() -> None:
    # Product 0 is in every order with one of five others: five rules from it, two kept.
    rows = [(o, o, p, 5) for o in range(50) for p in (0, 1 + o % 5)]
    rules = learn_rules(build_interactions(lines_before_cut(rows), CUT), per_product=2)
    assert len(rules.top(100, product_id=0)) == 2
    assert len(rules.top(100, product_id=3)) == 1  # 3 -> 0


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return seeded_shop(tmp_path_factory, 300)


def test_often_bought_with_reasons_give_the_rules_figure(shop: Engine) -> None:
    lines = purchase_lines(shop, None, AS_OF)
    data = build_interactions(lines, AS_OF)
    rules = learn_rules(data, min_orders=2, min_confidence=0.0)
    assert len(rules) > 0
    model = BlendRecommender(BlendWeights(0.0, 0.0, 1.0, 0.0, 0.0)).fit(data)
    catalogue = Catalogue.load(shop)
    reasons = [
        pick.reason
        for customer in data.customer_ids[:40]
        for pick in recommend_for(model, int(customer), catalogue, k=3, rules=rules)
    ]
    with_figures = [
        r for r in reasons if r.startswith("often bought with") and "% of its orders" in r
    ]
    assert with_figures, reasons[:10]
    # Without rules the reason stays the plain one.
    plain = recommend_for(model, int(data.customer_ids[0]), catalogue, k=3)
    assert all("% of its orders" not in p.reason for p in plain)
