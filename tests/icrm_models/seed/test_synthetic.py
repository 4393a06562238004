from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import timedelta

import pytest

from icrm_models.seed import demo, synthetic
from icrm_models.seed.catalogue import read_catalogue
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.demo import DEMO_ORDER_IDS
from icrm_models.seed.rows import Rows
from icrm_models.seed.synthetic import SyntheticShop
from tests.helpers.shop import AS_OF


def _generate(customers: int, seed: int = 7, chunk_size: int = 50) -> list[Rows]:
    catalogue = read_catalogue()
    shop = SyntheticShop(
        list(enumerate(catalogue, start=1)),
        SeedConfig(customers=customers, seed=seed, as_of=AS_OF, chunk_size=chunk_size),
    )
    return list(shop.chunks())


def _all(chunks: list[Rows], table: str) -> list[dict]:
    return [row for chunk in chunks for row in chunk.get(table, [])]


def test_same_seed_same_data_and_other_seed_other_data() -> None:
    assert _generate(60) == _generate(60)
    assert _all(_generate(60), "orders") != _all(_generate(60, seed=8), "orders")


def test_chunks_bound_memory_by_chunk_size() -> None:
    chunks = _generate(230, chunk_size=50)
    assert [len(c["customers"]) for c in chunks] == [50, 50, 50, 50, 30]


def test_ids_are_unique_and_history_ends_at_as_of() -> None:
    chunks = _generate(200)
    orders = _all(chunks, "orders")
    assert len({o["id"] for o in orders}) == len(orders)
    assert all(o["placed_at"] <= AS_OF for o in orders)
    assert all(e["occurred_at"] <= AS_OF for e in _all(chunks, "tracking_events"))
    items = _all(chunks, "order_items")
    assert len({i["id"] for i in items}) == len(items)
    assert {i["order_id"] for i in items} == {o["id"] for o in orders}


def test_demo_customers_have_their_showcase_orders() -> None:
    chunks = _generate(10)
    orders = {o["id"]: o for o in _all(chunks, "orders")}
    assert orders[DEMO_ORDER_IDS["in_transit"]]["customer_id"] == 1
    assert orders[DEMO_ORDER_IDS["in_transit"]]["status"] == "shipped"
    assert orders[DEMO_ORDER_IDS["processing"]]["status"] == "processing"
    assert orders[DEMO_ORDER_IDS["cancelled"]]["status"] == "cancelled"
    shipments = {s["order_id"]: s for s in _all(chunks, "shipments")}
    in_transit = shipments[DEMO_ORDER_IDS["in_transit"]]
    assert in_transit["status"] == "in_transit" and in_transit["eta"] > AS_OF
    assert DEMO_ORDER_IDS["processing"] not in shipments
    customers = {c["id"]: c for c in _all(chunks, "customers")}
    assert customers[4]["marketing_consent"] is False


def test_purchases_follow_the_hidden_favourite_categories() -> None:
    """Learnable: most of a customer's purchases fall in their hidden favourite categories."""
    chunks = _generate(300)
    products = {i: p for i, p in enumerate(read_catalogue(), start=1)}
    orders = {o["id"]: o["customer_id"] for o in _all(chunks, "orders")}
    bought: dict[int, Counter[str]] = defaultdict(Counter)
    for item in _all(chunks, "order_items"):
        bought[orders[item["order_id"]]][products[item["product_id"]].category] += 1
    truth = {
        t["customer_id"]: {c for c, _ in t["favourite_categories"]}
        for t in _all(chunks, "synthetic_truth")
    }
    hits = sum(bought[c][cat] for c in bought for cat in truth[c])
    total = sum(sum(counter.values()) for counter in bought.values())
    assert hits / total > 0.7


def test_price_sensitive_customers_pay_less_per_item() -> None:
    """Prices relative to the category's mean list price, so that which categories a customer
    favours (some are dear, some cheap) does not drown the effect of price sensitivity."""
    chunks = _generate(400)
    products = {i: p for i, p in enumerate(read_catalogue(), start=1)}
    prices: dict[str, list[float]] = defaultdict(list)
    for p in products.values():
        prices[p.category].append(float(p.price))
    category_mean = {c: sum(v) / len(v) for c, v in prices.items()}
    truth = {t["customer_id"]: t["price_sensitivity"] for t in _all(chunks, "synthetic_truth")}
    orders = {o["id"]: o["customer_id"] for o in _all(chunks, "orders")}
    spent: dict[int, list[float]] = defaultdict(list)
    for item in _all(chunks, "order_items"):
        category = products[item["product_id"]].category
        spent[orders[item["order_id"]]].append(float(item["unit_price"]) / category_mean[category])
    low = [sum(v) / len(v) for c, v in spent.items() if truth[c] < 0.3]
    high = [sum(v) / len(v) for c, v in spent.items() if truth[c] > 0.7]
    assert sum(low) / len(low) > 1.2 * sum(high) / len(high)


def test_churned_customers_stop_ordering() -> None:
    chunks = _generate(300)
    churned = {
        t["customer_id"]: t["churned_at"]
        for t in _all(chunks, "synthetic_truth")
        if t["churned_at"] is not None
    }
    assert churned
    for order in _all(chunks, "orders"):
        when = churned.get(order["customer_id"])
        if when is not None and order["customer_id"] > 5:
            assert order["placed_at"] <= when


def test_december_sells_more_than_february() -> None:
    orders = _all(_generate(600), "orders")
    months = Counter(
        o["placed_at"].month for o in orders if o["placed_at"] < AS_OF - timedelta(days=60)
    )
    assert months[12] > 1.5 * months[2]


@pytest.mark.parametrize("bad", [{"customers": 0}, {"history_days": 5}])
def test_bad_configuration_is_refused(bad: dict) -> None:
    with pytest.raises(ValueError):
        SeedConfig(as_of=AS_OF, **bad)


def test_empty_catalogue_is_refused() -> None:
    with pytest.raises(ValueError, match="catalogue is empty"):
        SyntheticShop([], SeedConfig(as_of=AS_OF))


def test_recent_browsing_signals_an_upcoming_purchase() -> None:
    """Learnable propensity: who browsed in the last week buys in the next two weeks more often."""
    chunks = _generate(1500)
    browsed = {
        e["customer_id"]
        for e in _all(chunks, "behaviour_events")
        if e["occurred_at"] > AS_OF - timedelta(days=7)
    }
    buys = {
        t["customer_id"]: t["next_order_at"] is not None
        and t["next_order_at"] <= AS_OF + timedelta(days=14)
        for t in _all(chunks, "synthetic_truth")
    }
    rate_browsed = sum(buys[c] for c in browsed) / len(browsed)
    others = [c for c in buys if c not in browsed]
    rate_others = sum(buys[c] for c in others) / len(others)
    assert rate_browsed > 2 * rate_others
    assert all(e["occurred_at"] <= AS_OF for e in _all(chunks, "behaviour_events"))


def test_nothing_happens_after_as_of() -> None:
    chunks = _generate(400)
    for table, column in [
        ("shipments", "delivered_at"),
        ("shipments", "shipped_at"),
        ("returns", "requested_at"),
        ("returns", "received_at"),
        ("refunds", "created_at"),
        ("refunds", "paid_at"),
        ("support_tickets", "created_at"),
        ("orders", "placed_at"),
        ("behaviour_events", "occurred_at"),
        ("customers", "created_at"),
    ]:
        late = [r for r in _all(chunks, table) if r[column] is not None and r[column] > AS_OF]
        assert late == [], (table, column, late[:1])


@pytest.mark.parametrize(
    "check",
    [
        test_chunks_bound_memory_by_chunk_size,
        test_ids_are_unique_and_history_ends_at_as_of,
        test_demo_customers_have_their_showcase_orders,
        test_purchases_follow_the_hidden_favourite_categories,
        test_price_sensitive_customers_pay_less_per_item,
        test_churned_customers_stop_ordering,
        test_december_sells_more_than_february,
        test_recent_browsing_signals_an_upcoming_purchase,
        test_nothing_happens_after_as_of,
    ],
)
def test_the_vectorised_generator_follows_the_same_model(
    check: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every customer after the demo personas drawn by the vectorised generator."""
    monkeypatch.setattr(synthetic, "ONE_AT_A_TIME", len(demo.DEMO_CUSTOMERS))
    check()
