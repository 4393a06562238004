"""Answers to questions about one product, from its own data only (nothing is made up).

The description sentence that shares most words with the question is quoted ("is it
waterproof?" -> the sentence about the water-resistant shell); a size or colour asked about is
checked against the product's options; stock says whether it can be ordered now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from icrm_models.search.products import ProductInfo
from icrm_models.search.request import normalise_color, normalise_size
from icrm_models.search.text import clean_text, display_name, stem, words

SNIPPET_CHARS = 240
LOW_STOCK = 10

_SENTENCES = re.compile(r"(?<=[.!?])\s+|\s*•\s*")


def _terms(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w not in ENGLISH_STOP_WORDS and len(w) > 2}


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def relevant_snippet(
    description: str, question: str, *, name: str = "", limit: int = SNIPPET_CHARS
) -> str:
    """The description sentence most related to ``question`` (the first one if none is).

    Words of the product's ``name`` don't count: every sentence about it may repeat them.
    """
    sentences = [s.strip() for s in _SENTENCES.split(description or "") if s.strip()]
    if not sentences:
        return ""
    asked = _terms(question) - _terms(name)
    best = max(sentences, key=lambda s: len(asked & _terms(s)))
    if not asked & _terms(best):
        best = sentences[0]
    return _shorten(best, limit)


@dataclass(frozen=True)
class ProductAnswer:
    """What to tell about ``product`` for one question."""

    product: ProductInfo
    snippet: str
    material: str | None = None
    size: str | None = None  # the size asked about (catalogue spelling)
    has_size: bool | None = None
    color: str | None = None  # the colour asked about
    has_color: bool | None = None

    @property
    def low_stock(self) -> bool:
        return self.product.available and self.product.stock < LOW_STOCK


def answer_about(
    product: ProductInfo,
    question: str,
    *,
    size: object = None,
    color: object = None,
    palette: list[str] | None = None,
) -> ProductAnswer:
    """The facts of ``product`` that answer ``question`` (size/colour as the customer typed)."""
    asked_size = normalise_size(size) if size is not None else None
    known_colors = list(dict.fromkeys([*product.colors, *(palette or [])]))
    asked_color = normalise_color(color, known_colors) if color is not None else None
    if asked_color is None and words(str(color or "")):  # a colour the shop doesn't know
        asked_color = clean_text(color, limit=40).title()
    material = display_name(str(product.attributes.get("material") or "")).replace("|", ", ")
    return ProductAnswer(
        product=product,
        snippet=relevant_snippet(product.description, question, name=product.name),
        material=material or None,
        size=asked_size,
        has_size=asked_size in product.sizes if asked_size else None,
        color=asked_color,
        has_color=asked_color in product.colors if asked_color else None,
    )
