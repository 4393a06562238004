"""Reviews from the chat, stored as "review" behaviour events (rating, text, product).

A review is linked to a product only when the customer named something they actually bought
("my jacket" and one jacket among their orders): a review never attaches to a product by guess
between several candidates, and nothing links for a guest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.db.event_types import BehaviourEventType
from icrm_models.db.schema import BehaviourEvent, Order, OrderItem, Product
from icrm_models.db.statuses import OrderStatus
from icrm_models.orders.owned import owned_by

TEXT_LIMIT = 2000
# Orders whose products the customer never had in hand.
_NOT_RECEIVED = (OrderStatus.CANCELLED, OrderStatus.CREDIT_NOTE)
_WORD = re.compile(r"[^\W_]+")
_FUZZY_RATIO = 0.85


@dataclass(frozen=True)
class StoredReview:
    """What was stored."""

    rating: int | None
    product_id: int | None
    product_name: str | None  # only for the customer's own purchase


def _words(text: str) -> list[str]:
    words = _WORD.findall(text.lower())
    # "jackets" -> "jacket", "shorts" stays (a Luma product word), "dress" stays
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]


def _score(mention: str, name: str) -> int:
    """3: the product's name; 2: every word of the mention is in the name; 1: a near miss."""
    mention_words, name_words = _words(mention), _words(name)
    if not mention_words:
        return 0
    if mention_words == name_words:
        return 3
    if set(mention_words) <= set(name_words):
        return 2
    ratio = SequenceMatcher(None, " ".join(mention_words), " ".join(name_words)).ratio()
    return 1 if ratio >= _FUZZY_RATIO else 0


def purchased_products(session: Session, *, customer_id: int) -> list[tuple[int, str]]:
    """The products the customer bought (id, name), from orders they received or await."""
    rows = session.execute(
        select(Product.id, Product.name)
        .join(OrderItem, OrderItem.product_id == Product.id)
        .join(Order, Order.id == OrderItem.order_id)
        .where(owned_by(customer_id), Order.status.not_in(_NOT_RECEIVED))
        .distinct()
    ).all()
    return [(int(pid), str(name)) for pid, name in rows]


def match_purchase(
    mentions: Sequence[str], purchases: Sequence[tuple[int, str]]
) -> tuple[int, str] | None:
    """The purchase the first telling mention names; None when none or several fit equally."""
    for mention in mentions:
        scored = [(_score(mention[:200], name), pid, name) for pid, name in purchases]
        best = max((s for s, _, _ in scored), default=0)
        if best == 0:
            continue
        leaders = [(pid, name) for s, pid, name in scored if s == best]
        if len(leaders) == 1:
            return leaders[0]
    return None


def store_review(
    session: Session,
    *,
    conversation_id: str,
    customer_id: int | None,
    text: str,
    rating: int | None,
    product_mentions: Sequence[str],
    now: datetime,
) -> StoredReview:
    """Store the review as a behaviour event; link the product if the customer bought it."""
    if rating is not None and not 1 <= rating <= 5:
        raise ValueError(f"rating must be between 1 and 5, got {rating}")
    product = (
        match_purchase(product_mentions, purchased_products(session, customer_id=customer_id))
        if customer_id is not None and product_mentions
        else None
    )
    session.add(
        BehaviourEvent(
            customer_id=customer_id,
            conversation_id=conversation_id,
            event_type=BehaviourEventType.REVIEW,
            product_id=product[0] if product else None,
            occurred_at=now,
            properties={
                "rating": rating,
                "text": text[:TEXT_LIMIT],
                "product_id": product[0] if product else None,
                "source": "chat",
            },
        )
    )
    session.commit()
    return StoredReview(
        rating=rating,
        product_id=product[0] if product else None,
        product_name=product[1] if product else None,
    )
