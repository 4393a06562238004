from decimal import Decimal

import numpy as np
import pytest

from icrm_models.embeddings.encoder import load_encoder
from icrm_models.search.index import ProductIndex, SearchFilters
from icrm_models.settings import default_embedding_model_path
from tests.helpers.shop import seeded_shop


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ProductIndex:
    engine = seeded_shop(tmp_path_factory, 5)
    encoder = load_encoder(default_embedding_model_path())

    def encode(texts: list[str]) -> np.ndarray:
        return np.asarray(encoder.encode(texts, normalize_embeddings=True, batch_size=64))

    return ProductIndex.build(engine, encode)


def test_a_free_text_query_finds_the_right_kind_of_product(index: ProductIndex) -> None:
    hits = index.search("a warm waterproof jacket for winter hikes", k=5)
    assert len(hits) == 5
    assert sum("Jackets" in h.category for h in hits) >= 3
    bags = index.search("a bag for my laptop", k=3)
    assert all(h.category == "Gear/Bags" for h in bags)


def test_filters_are_hard_constraints(index: ProductIndex) -> None:
    filters = SearchFilters(max_price=Decimal(60), category="women", size="M", color="Blue")
    hits = index.search("jacket", filters, k=10)
    products = index.products.set_index("id")
    assert hits
    for hit in hits:
        row = products.loc[hit.product_id]
        assert row["price"] <= 60 and "Women" in row["category"]
        assert "M" in row["sizes"] and "Blue" in row["colors"] and row["stock"] > 0
    assert index.search("jacket", SearchFilters(max_price=Decimal(1), category="Jackets")) == []


def test_ranking_matches_brute_force_over_the_filtered_products(index: ProductIndex) -> None:
    filters = SearchFilters(category="Men")
    hits = index.search("running shorts", filters, k=7)
    q = index.encode(["running shorts"])[0]
    mask = index._mask(filters)
    reference = sorted(np.flatnonzero(mask), key=lambda i: -float(index.vectors[i] @ q))[:7]
    assert [h.product_id for h in hits] == [int(index.products.iloc[i]["id"]) for i in reference]


@pytest.mark.parametrize(("query", "k", "message"), [(" ", 5, "empty"), ("bag", 0, "k must")])
def test_bad_queries(index: ProductIndex, query: str, k: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        index.search(query, k=k)
