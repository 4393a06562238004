"""Run a :class:`SearchRequest` against a product index: matches, or the closest alternatives.

Semantic search always ranks *something* first, so a hit counts as a match only above
``MIN_SIMILARITY`` (all-MiniLM-L6-v2 puts "socks" at ~0.26 from every product of a shop that
sells none, and "running shorts" at ~0.7 from the running shorts). Keyword search matches when
the words overlap at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from icrm_models.search.index import ProductIndex, SearchFilters, SearchHit
from icrm_models.search.keyword_index import KeywordIndex
from icrm_models.search.request import SearchRequest

MIN_SIMILARITY = 0.35
SEMANTIC = "semantic"
KEYWORD = "keyword"


@dataclass(frozen=True)
class SearchOutcome:
    """What to show: matching ``hits``, or (``exact`` False) the closest products instead."""

    hits: list[SearchHit]
    exact: bool
    mode: str  # SEMANTIC or KEYWORD


def search_mode(index: ProductIndex) -> str:
    return KEYWORD if isinstance(index, KeywordIndex) else SEMANTIC


def find_products(index: ProductIndex, request: SearchRequest, *, k: int = 3) -> SearchOutcome:
    """Up to ``k`` products for ``request``; the closest ones when nothing really matches.

    Categories are checked here rather than by ``SearchFilters.category``, which matches
    substrings ("men/tops/tees" is inside "women/tops/tees").
    """
    mode = search_mode(index)
    floor = MIN_SIMILARITY if mode == SEMANTIC else 0.0
    everything = max(len(index.products), 1)
    ranked = [
        hit
        for hit in index.search(request.query, replace(request.filters, category=None), everything)
        if request.categories is None or hit.category in request.categories
    ]
    matches = [hit for hit in ranked if hit.similarity > floor]
    if matches:
        return SearchOutcome(matches[:k], exact=True, mode=mode)
    closest = ranked[:k] or index.search(request.query, SearchFilters(), k)
    return SearchOutcome(closest, exact=False, mode=mode)
