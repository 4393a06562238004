"""Keyword product search: the fallback when the sentence-transformers model cannot load.

It is a :class:`~icrm_models.search.index.ProductIndex` whose ranking is TF-IDF over
words (plural "s" folded, English stop words dropped) instead of embeddings, so the filters
behave exactly as in semantic search. It finds "hoodie" for "hoodies" but not "warm top" for
"fleece": that is what the embeddings are for.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal
from typing import Self

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sqlalchemy import Engine

from icrm_models.search.index import ProductIndex, SearchFilters, SearchHit
from icrm_models.search.text import stem, words


def _terms(text: str) -> list[str]:
    """Words of ``text`` without stop words, plural "s" folded ("hoodies" -> "hoodie")."""
    return [stem(w) for w in words(text) if w not in ENGLISH_STOP_WORDS and len(w) > 1]


NO_FILTERS = SearchFilters()


def _no_vectors(texts: list[str]) -> np.ndarray:
    return np.zeros((len(texts), 0), dtype=np.float32)


class KeywordIndex(ProductIndex):
    """Products ranked by TF-IDF word overlap with the query (name counts double)."""

    def __init__(self, products: pd.DataFrame, vectors: np.ndarray, encode: object) -> None:
        super().__init__(products, vectors, _no_vectors)
        texts = [
            f"{r.name} {r.name} {re.sub('/', ' ', str(r.category))} {r.description}"
            for r in self.products.itertuples()
        ]
        self.vectorizer = TfidfVectorizer(analyzer=_terms, sublinear_tf=True)
        try:
            self.matrix: sp.csr_matrix | None = self.vectorizer.fit_transform(texts).tocsr()
        except ValueError:  # no products, or no words at all
            self.matrix = None

    @classmethod
    def from_catalogue(cls, engine: Engine) -> Self:
        """The active products of the shop behind ``engine``.

        Like any :class:`ProductIndex` it holds the stock and prices of its build:
        :meth:`~ProductIndex.refreshed` makes a current one (the TF-IDF is refitted; it is cheap).
        """
        return cls.build(engine, _no_vectors)

    def _forgiving(self, query: str) -> str:
        """``query``'s terms, each longer unknown one replaced by a close known one ("hodies")."""
        vocabulary = self.vectorizer.vocabulary_
        out = []
        for term in _terms(query):
            if term not in vocabulary and len(term) >= 5:
                close = difflib.get_close_matches(term, list(vocabulary), n=1, cutoff=0.8)
                term = close[0] if close else term
            out.append(term)
        return " ".join(out)

    def search(
        self, query: str, filters: SearchFilters = NO_FILTERS, k: int = 5
    ) -> list[SearchHit]:
        """Up to ``k`` products sharing words with ``query`` among those passing ``filters``."""
        candidates = self._candidates(query, filters, k)
        if self.matrix is None or len(candidates) == 0:
            return []
        q = self.vectorizer.transform([self._forgiving(query[:512])])
        similarity = np.asarray((self.matrix[candidates] @ q.T).todense()).ravel()
        order = np.argsort(-similarity, kind="stable")[:k]
        hits = []
        for i in order:
            if similarity[i] <= 0:
                break
            row = self.products.iloc[candidates[i]]
            hits.append(
                SearchHit(
                    int(row["id"]),
                    str(row["name"]),
                    str(row["category"]),
                    Decimal(row["price"]),
                    float(similarity[i]),
                )
            )
        return hits
