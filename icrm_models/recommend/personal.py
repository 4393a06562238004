"""A customer's recommendations: blended scores, filtered, diversified and explained.

Filters drop what cannot or should not be offered: out of stock, inactive, returned by this
customer, and (in shops where people rarely rebuy) what they bought recently. Diversity keeps
at most ``max_per_category`` items of one category. Every item carries a short reason taken
from the signal that contributed most to its score.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np
import pandas as pd
from sqlalchemy import Engine, Select, select

from icrm_models.db.schema import OrderItem, Product, Return
from icrm_models.recommend.blend import SIGNALS, BlendRecommender
from icrm_models.recommend.rules import CoPurchaseRules


@dataclass(frozen=True)
class Recommendation:
    """One product to offer and why."""

    product_id: int
    name: str
    category: str
    score: float
    reason: str


class ProductFacts(NamedTuple):
    """One product as the filters and reasons see it."""

    name: str
    category: str
    stock: int
    is_active: bool


@dataclass(frozen=True)
class Catalogue:
    """What the filters and reasons need about products (index: product id)."""

    products: pd.DataFrame  # columns: name, category, stock, is_active

    @cached_property
    def by_id(self) -> dict[int, ProductFacts]:
        """Product id -> facts: a dict look-up per candidate, where ``products.loc`` cost
        about 80 µs each (a third of a recommendation's time on a 10,000-product shop)."""
        frame = self.products
        return {
            int(pid): ProductFacts(str(name), str(category), int(stock), bool(active))
            for pid, name, category, stock, active in zip(
                frame.index,
                frame["name"],
                frame["category"],
                frame["stock"],
                frame["is_active"],
                strict=True,
            )
        }

    @classmethod
    def load(cls, engine: Engine) -> Catalogue:
        with engine.connect() as conn:
            rows = conn.execute(
                select(Product.id, Product.name, Product.category, Product.stock, Product.is_active)
            ).all()
        frame = pd.DataFrame.from_records(
            [tuple(row) for row in rows], columns=["id", "name", "category", "stock", "is_active"]
        )
        return cls(frame.set_index("id"))


def returned_query(customer_id: int) -> Select[int]:
    """The products this customer sent back (a query, to combine with others)."""
    return (
        select(OrderItem.product_id)
        .join(Return, Return.order_item_id == OrderItem.id)
        .where(Return.customer_id == customer_id)
    )


def returned_products(engine: Engine, customer_id: int) -> set[int]:
    """Products this customer sent back."""
    with engine.connect() as conn:
        rows = conn.execute(returned_query(customer_id)).scalars().all()
    return {int(p) for p in rows}


# How much what the customer just showed interest in counts, relative to the best trained score.
INTEREST_WEIGHT = 1.0


def interest_scores(
    model: BlendRecommender, product_ids: Sequence[int], catalogue: Catalogue
) -> tuple[np.ndarray, np.ndarray]:
    """(per model item: closeness in [0, 1] to the products of interest, their item columns).

    Closeness is the best cosine similarity of product texts when the model has embeddings,
    otherwise 1 for the interests' categories.
    """
    data = model.data_
    columns = np.flatnonzero(np.isin(data.item_ids, np.asarray(product_ids, dtype=np.int64)))
    if not len(columns):
        return np.zeros(data.n_items), columns
    vectors = model.item_vectors_
    if vectors is not None:
        closeness = np.clip((vectors[columns] @ vectors.T).max(axis=0), 0.0, 1.0)
        return np.asarray(closeness, dtype=float), columns
    categories = catalogue.products["category"].reindex(data.item_ids).to_numpy()
    wanted = set(categories[columns])
    return np.array([c in wanted for c in categories], dtype=float), columns


def _reason(
    signal: str,
    item: int,
    model: BlendRecommender,
    history: np.ndarray,
    catalogue: Catalogue,
    interests: np.ndarray,
    rules: CoPurchaseRules | None = None,
) -> str:
    data = model.data_

    def name(column: int) -> str:
        facts = catalogue.by_id.get(int(data.item_ids[column]))
        return facts.name if facts is not None else "an earlier purchase"

    if signal == "interest" and len(interests):
        vectors = model.item_vectors_
        anchor = (
            interests[np.argmax(vectors[interests] @ vectors[item])]
            if vectors is not None
            else interests[0]
        )
        if int(anchor) == item:
            return "you asked about it"
        return f"like the {name(int(anchor))} you asked about"
    if signal in ("repurchase", "frequency"):
        return "you buy this regularly"
    if signal == "copurchase" and len(history):
        rule = _strongest_rule(rules, data.item_ids, history, item)
        if rule is not None:
            anchor, confidence = rule
            return f"often bought with {name(anchor)}: in {confidence:.0%} of its orders"
        anchor = history[np.argmax(model.similarity_[history, item].toarray().ravel())]
        return f"often bought with {name(int(anchor))}"
    if signal == "content" and len(history) and model.item_vectors_ is not None:
        vectors = model.item_vectors_
        anchor = history[np.argmax(vectors[history] @ vectors[item])]
        return f"similar to {name(int(anchor))}, which you bought"
    return "popular right now"


def _strongest_rule(
    rules: CoPurchaseRules | None, item_ids: np.ndarray, history: np.ndarray, item: int
) -> tuple[int, float] | None:
    """(history column, confidence) of the strongest rule from the history to ``item``."""
    if rules is None or not len(rules):
        return None
    target = int(item_ids[item])
    found = [
        (confidence, int(column))
        for column in history
        if (confidence := rules.confidence(int(item_ids[column]), target)) is not None
    ]
    if not found:
        return None
    confidence, column = max(found)
    return column, confidence


def _best_first(scores: np.ndarray, head: int) -> Iterator[int]:
    """Columns by descending score (ties: lower column first), sorting only the best ``head``
    first: filters rarely reject more, and a full sort of the catalogue costs more than the
    rest of a recommendation."""
    if head < len(scores):
        top = np.argpartition(-scores, head - 1)[:head]
        threshold = scores[top].min()
        # Everything tied with the threshold joins, so the order equals a full stable sort.
        top = np.flatnonzero(scores >= threshold)
        yield from top[np.argsort(-scores[top], kind="stable")].tolist()
        rest = np.flatnonzero(scores < threshold)
        yield from rest[np.argsort(-scores[rest], kind="stable")].tolist()
    else:
        yield from np.argsort(-scores, kind="stable").tolist()


def recommend_for(
    model: BlendRecommender,
    customer_id: int,
    catalogue: Catalogue,
    *,
    k: int = 5,
    exclude: set[int] | None = None,
    max_per_category: int = 2,
    interests: Sequence[int] = (),
    rules: CoPurchaseRules | None = None,
) -> list[Recommendation]:
    """The top ``k`` offerable products for ``customer_id``, each with a reason.

    ``exclude`` holds product ids that must not be offered (returned, just bought, ...).
    ``interests`` are products the customer showed interest in during chats (newest first):
    products close to them move up. Customers unknown to the model get popular items.
    ``rules`` (the shop's co-purchase rules) put a figure in "often bought with" reasons.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    data = model.data_
    rows = data.rows_of(np.array([customer_id]))
    parts = model.signal_scores(rows, model.active_signals())
    weights = dict(zip(SIGNALS, model.weights.as_tuple(), strict=True))
    weighted = {name: weights[name] * part[0] for name, part in parts.items()}
    total = sum(weighted.values(), np.zeros(data.n_items))
    interest_columns = np.array([], dtype=int)
    if interests:
        closeness, interest_columns = interest_scores(model, interests, catalogue)
        weighted["interest"] = INTEREST_WEIGHT * max(float(total.max()), 1e-9) * closeness
        total = total + weighted["interest"]
    history = data.recency[rows[0]].indices if rows[0] >= 0 else np.array([], dtype=int)
    products = catalogue.by_id
    banned = exclude or set()
    per_category: dict[str, int] = {}
    picked: list[Recommendation] = []
    for column in _best_first(total, 50 * k):
        pid = int(data.item_ids[column])
        info = products.get(pid)
        if pid in banned or info is None or not info.is_active or info.stock <= 0:
            continue
        category = info.category
        if per_category.get(category, 0) >= max_per_category:
            continue
        per_category[category] = per_category.get(category, 0) + 1
        top_signal = max(weighted, key=lambda s: weighted[s][column])
        picked.append(
            Recommendation(
                pid,
                info.name,
                category,
                float(total[column]),
                _reason(
                    top_signal, int(column), model, history, catalogue, interest_columns, rules
                ),
            )
        )
        if len(picked) == k:
            break
    return picked
