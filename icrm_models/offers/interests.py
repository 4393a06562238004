"""What a customer showed interest in during chats: products searched for, asked about, taken.

Read from the behaviour events the chat writes (``product_search``, ``product_question``,
``offer_accepted``), for this conversation and, for a known customer, their other chats of the
last ``days`` days. Offers use it as a live signal the trained models cannot have yet: it is
what a new customer said a minute ago.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from icrm_models.db.event_types import BehaviourEventType
from icrm_models.db.schema import BehaviourEvent, Product
from icrm_models.offers.records import conversation_key

INTEREST_EVENTS = (
    BehaviourEventType.PRODUCT_SEARCH,
    BehaviourEventType.PRODUCT_QUESTION,
    BehaviourEventType.OFFER_ACCEPTED,
)
INTEREST_DAYS = 30
RESULTS_PER_SEARCH = 3  # a search's top results stand for what the customer looked for


@dataclass(frozen=True)
class ChatInterests:
    """Products the customer showed interest in (newest first) and what they searched for."""

    product_ids: tuple[int, ...] = ()
    queries: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # of those products, most frequent first

    @property
    def empty(self) -> bool:
        return not self.product_ids


def chat_interests(
    session: Session,
    *,
    customer_id: int | None,
    conversation_id: str | None,
    now: datetime,
    days: int = INTEREST_DAYS,
    limit: int = 20,
) -> ChatInterests:
    """The interests shown in this conversation and (for a customer) their recent chats."""
    who = []
    if conversation_id:
        who.append(BehaviourEvent.conversation_id == conversation_key(conversation_id))
    if customer_id is not None:
        who.append(BehaviourEvent.customer_id == customer_id)
    if not who:
        return ChatInterests()
    events = session.execute(
        select(BehaviourEvent.event_type, BehaviourEvent.product_id, BehaviourEvent.properties)
        .where(
            or_(*who),
            BehaviourEvent.event_type.in_(INTEREST_EVENTS),
            BehaviourEvent.occurred_at >= now - timedelta(days=days),
            BehaviourEvent.occurred_at <= now,
        )
        .order_by(BehaviourEvent.occurred_at.desc(), BehaviourEvent.id.desc())
        .limit(limit)
    ).all()
    products: list[int] = []
    queries: list[str] = []
    for kind, product_id, properties in events:
        props = properties if isinstance(properties, dict) else {}
        if kind == BehaviourEventType.PRODUCT_SEARCH:
            ids = props.get("result_ids")
            if isinstance(ids, list):
                products.extend(int(i) for i in ids[:RESULTS_PER_SEARCH] if isinstance(i, int))
            query = props.get("query")
            if isinstance(query, str) and query.strip() and query not in queries:
                queries.append(query.strip())
        elif product_id is not None:
            products.append(int(product_id))
    unique = tuple(dict.fromkeys(products))
    return ChatInterests(unique, tuple(queries), _categories(session, unique))


def _categories(session: Session, product_ids: tuple[int, ...]) -> tuple[str, ...]:
    if not product_ids:
        return ()
    rows = session.execute(
        select(Product.id, Product.category).where(Product.id.in_(product_ids))
    ).all()
    category = dict(rows)
    counts: dict[str, int] = {}
    for pid in product_ids:  # newest first: ties keep the most recent interest first
        if pid in category:
            counts[category[pid]] = counts.get(category[pid], 0) + 1
    return tuple(sorted(counts, key=lambda c: -counts[c]))
