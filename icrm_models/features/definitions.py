"""The feature set, defined in one place and versioned with every model trained on it.

Change a definition here and bump :data:`FEATURE_VERSION`: model cards record the version, and
a model trained on another version refuses to score (see the registry).
"""

from __future__ import annotations

from dataclasses import dataclass

FEATURE_VERSION = "4"

VISIT_WINDOWS = (7, 14, 60)  # days; 30, 90 and 180 are covered by the orders_last_* features
DECAY_HALF_LIVES = (14, 30, 60, 120)  # days


@dataclass(frozen=True)
class Feature:
    """A named per-customer feature and what it measures."""

    name: str
    description: str


BASE_FEATURES: tuple[Feature, ...] = (
    Feature("recency_days", "days from the last purchase to the cut date"),
    Feature("frequency", "number of purchase orders before the cut date"),
    Feature("monetary", "money spent on purchases before the cut date"),
    Feature("tenure_days", "days from the first purchase (or sign-up) to the cut date"),
    Feature("interpurchase_days", "mean days between consecutive purchases"),
    Feature("avg_basket_items", "mean number of items per order"),
    Feature("avg_order_value", "mean money per order"),
    Feature("return_rate", "returned or credited lines per purchased line"),
    Feature("discount_share", "share of lines bought below the list price"),
    Feature("orders_last_30d", "purchase orders in the 30 days before the cut date"),
    Feature("orders_last_90d", "purchase orders in the 90 days before the cut date"),
    Feature("orders_last_180d", "purchase orders in the 180 days before the cut date"),
    Feature("monetary_last_90d", "money spent in the 90 days before the cut date"),
    Feature("overdue_ratio", "days since the last purchase over the mean days between purchases"),
    Feature("views_last_7d", "product page views in the 7 days before the cut date"),
    Feature("views_last_30d", "product page views in the 30 days before the cut date"),
    Feature("searches_last_30d", "site and chat searches in the 30 days before the cut date"),
    Feature("product_questions_last_30d", "questions about a product asked in chat, last 30 days"),
    Feature("complaints", "complaints (support tickets other than hand-offs and order changes)"),
    Feature("refund_intents", "cancellations and returns asked for in chat, refund intents"),
    Feature(
        "offers_accepted_rate",
        "offers accepted before the cut per offer shown (0 when none shown)",
    ),
    # Visits: calendar days (UTC) with a purchase; several orders placed on one day are one visit.
    Feature("visit_days", "distinct days with a purchase before the cut date"),
    *(
        Feature(f"visits_last_{days}d", f"days with a purchase in the {days} days before the cut")
        for days in VISIT_WINDOWS
    ),
    # Exponentially decayed activity: each visit weighs 0.5^(age / half-life), a smoother "how
    # active lately" than the fixed windows.
    *(
        Feature(f"decay_visits_{h}d", f"purchase days weighted by 0.5^(age / {h} days)")
        for h in DECAY_HALF_LIVES
    ),
    *(
        Feature(f"decay_monetary_{h}d", f"money per purchase day weighted by 0.5^(age / {h} days)")
        for h in DECAY_HALF_LIVES
    ),
)
# Category affinities are added per catalogue as ``cat::<category>`` (share of items bought).
CATEGORY_PREFIX = "cat::"


def base_feature_names() -> list[str]:
    return [f.name for f in BASE_FEATURES]
