from decimal import Decimal

import numpy as np
import pytest
from sqlalchemy import Engine

from icrm_models.search.find import KEYWORD, SEMANTIC, find_products
from icrm_models.search.index import ProductIndex, SearchFilters
from icrm_models.search.keyword_index import KeywordIndex
from icrm_models.search.request import SearchRequest


@pytest.fixture(scope="module")
def index(shop: Engine) -> KeywordIndex:
    return KeywordIndex.from_catalogue(shop)


def _passes(index: KeywordIndex, product_id: int, f: SearchFilters) -> bool:
    row = index.products.set_index("id").loc[product_id]
    return (
        (f.max_price is None or row["price"] <= f.max_price)
        and (f.min_price is None or row["price"] >= f.min_price)
        and (f.size is None or f.size in row["sizes"])
        and (f.color is None or f.color in row["colors"])
        and row["stock"] > 0
    )


@pytest.mark.parametrize(
    "filters",
    [
        SearchFilters(),
        SearchFilters(max_price=Decimal(50), color="Black"),
        SearchFilters(min_price=Decimal(60), size="M"),
        SearchFilters(size="32", color="Blue"),
    ],
)
def test_keyword_hits_pass_the_filters_and_share_words(
    index: KeywordIndex, filters: SearchFilters
) -> None:
    hits = index.search("hoodie jacket pants", filters, k=50)
    assert hits
    for hit in hits:
        assert _passes(index, hit.product_id, filters)
        row = index.products.set_index("id").loc[hit.product_id]
        text = f"{row['name']} {row['category']} {row['description']}".lower()
        assert any(word in text for word in ("hoodie", "jacket", "pant"))
    assert [h.similarity for h in hits] == sorted((h.similarity for h in hits), reverse=True)


def test_keyword_search_forgives_plurals_and_typos(index: KeywordIndex) -> None:
    assert all("Hoodie" in h.name for h in index.search("hodies", k=3))
    assert {h.name for h in index.search("leggings", k=2)} == {"Emma Leggings", "Sahara Leggings"}
    assert index.search("xylophone", k=3) == []
    with pytest.raises(ValueError, match="empty"):
        index.search("  ")


def test_categories_are_exact_paths_not_substrings(index: KeywordIndex) -> None:
    request = SearchRequest("tee", SearchFilters(), frozenset({"Men/Tops/Tees"}))
    outcome = find_products(index, request, k=10)
    assert outcome.exact and outcome.mode == KEYWORD
    assert {h.category for h in outcome.hits} == {"Men/Tops/Tees"}


def test_nothing_matching_gives_the_closest_instead(index: KeywordIndex) -> None:
    request = SearchRequest("jacket", SearchFilters(max_price=Decimal(1)))
    outcome = find_products(index, request, k=3)
    assert not outcome.exact and len(outcome.hits) == 3
    assert all("Jacket" in h.name for h in outcome.hits)


def test_a_weak_semantic_match_is_not_called_a_match(index: KeywordIndex) -> None:
    """Semantic search ranks everything; below the floor the hits are only "closest"."""
    n = len(index.products)
    vectors = np.eye(n, n + 1)  # product i points along axis i; axis n is nobody's

    def towards(axis: int) -> ProductIndex:
        query = np.eye(1, n + 1, axis)[0]
        return ProductIndex(index.products, vectors, lambda texts: np.array([query] * len(texts)))

    outcome = find_products(towards(n), SearchRequest("socks", SearchFilters()), k=3)
    assert outcome.mode == SEMANTIC and not outcome.exact and len(outcome.hits) == 3
    outcome = find_products(towards(5), SearchRequest("that one", SearchFilters()), k=3)
    assert outcome.exact and [h.product_id for h in outcome.hits] == [
        int(index.products.iloc[5]["id"])
    ]
