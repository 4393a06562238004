"""A product search in the chat: read the request, search, show and record the results.

Results are shown as offers (so "Add to basket" works on them) with the search mode as their
model version, and the search itself becomes a ``product_search`` behaviour event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from icrm_models.db.event_types import BehaviourEventType
from icrm_models.offers.records import ShownOffer, record_event, show_offers
from icrm_models.search.find import SearchOutcome, find_products
from icrm_models.search.index import ProductIndex
from icrm_models.search.products import catalogue_vocabulary, products_by_id
from icrm_models.search.request import SearchRequest, search_request

MATCH_REASON = "matches your search"
CLOSEST_REASON = "closest to what you asked for"


@dataclass(frozen=True)
class SearchResult:
    """The request understood (None: nothing to search for), what was found and shown."""

    request: SearchRequest | None
    outcome: SearchOutcome | None = None
    shown: list[ShownOffer] = field(default_factory=list)


def _still_available(
    session: Session, outcome: SearchOutcome, request: SearchRequest, k: int
) -> SearchOutcome:
    """The first ``k`` hits that are still in stock at a price within the request's limits.

    The index is refreshed every few minutes, but stock and prices move on in between: the
    database has the last word. (It can only drop hits; finding what became available is the
    refresh's job: :meth:`ProductIndex.refreshed`.)
    """
    fresh = products_by_id(session, [hit.product_id for hit in outcome.hits])
    f = request.filters
    kept = [
        hit
        for hit in outcome.hits
        if (p := fresh.get(hit.product_id)) is not None
        and p.available
        and (not outcome.exact or f.max_price is None or p.price <= f.max_price)
        and (not outcome.exact or f.min_price is None or p.price >= f.min_price)
    ]
    return replace(outcome, hits=kept[:k])


def search_and_show(
    session: Session,
    index: ProductIndex,
    *,
    text: object,
    entities: Sequence[Mapping[str, Any]],
    customer_id: int | None,
    conversation_id: str,
    now: datetime,
    k: int = 3,
) -> SearchResult:
    """Search for what the message asks; record the search and the results shown; commits."""
    categories, palette = catalogue_vocabulary(session)
    request = search_request(text, entities, categories=categories, palette=palette)
    if request is None:
        return SearchResult(None)
    outcome = _still_available(session, find_products(index, request, k=k * 3), request, k)
    reason = MATCH_REASON if outcome.exact else CLOSEST_REASON
    record_event(
        session,
        event_type=BehaviourEventType.PRODUCT_SEARCH,
        customer_id=customer_id,
        conversation_id=conversation_id,
        now=now,
        properties={
            "query": request.query,
            "filters": request.describe(),
            "result_ids": [hit.product_id for hit in outcome.hits],
            "exact": outcome.exact,
            "mode": outcome.mode,
        },
    )
    shown = show_offers(
        session,
        items=[(hit.product_id, reason) for hit in outcome.hits],
        discount_pct=None,
        customer_id=customer_id,
        conversation_id=conversation_id,
        model_version=f"search-{outcome.mode}",
        now=now,
    )
    return SearchResult(request, outcome, shown)
