"""What a product request asks for: the words to search by and the hard filters.

Filters come from the NLU's entities (price with role under/over, colour, size, category) and,
because taggers miss some, from the text itself ("under 80", "below €100", "between 50 and 90").
Values are normalised to the catalogue's vocabulary ("navy" -> Blue, "medium" -> M,
"women's jackets" -> Women/Tops/Jackets); what cannot be mapped is left to the free-text query.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from icrm_models.search.index import SearchFilters
from icrm_models.search.text import clean_text, stem, words

MAX_PRICE = Decimal(100_000)

_CURRENCY = r"(?:€|\$|£|eur\b|euros?\b|usd\b|dollars?\b|bucks\b)"
_NUMBER = r"(\d{1,6}(?:[.,]\d{1,2})?)"
_AMOUNT = rf"{_CURRENCY}?\s*{_NUMBER}\s*{_CURRENCY}?"
_UNDER = re.compile(
    r"\b(?:under|below|less\s+than|cheaper\s+than|max(?:imum)?|at\s+most|up\s+to|"
    rf"no\s+more\s+than|not\s+more\s+than|within|budget\s+(?:of\s+)?)\s*(?::\s*)?{_AMOUNT}",
    re.IGNORECASE,
)
_OVER = re.compile(
    r"\b(?:over|above|more\s+than|at\s+least|min(?:imum)?|starting\s+at|pricier\s+than)"
    rf"\s*{_AMOUNT}",
    re.IGNORECASE,
)
_BETWEEN = re.compile(
    rf"\bbetween\s+{_AMOUNT}\s*(?:and|-|–|to)\s*{_AMOUNT}",
    re.IGNORECASE,
)
# "€50-90", "50 to 90 euros": a bare range counts only with a currency, so "size 30 to 32"
# is not read as a price.
_RANGE = re.compile(
    rf"(?:{_CURRENCY}\s*{_NUMBER}\s*(?:-|–|to)\s*{_CURRENCY}?\s*{_NUMBER}"
    rf"|{_NUMBER}\s*(?:-|–|to)\s*{_NUMBER}\s*{_CURRENCY})",
    re.IGNORECASE,
)

SIZE_WORDS = {
    "xs": "XS",
    "extra small": "XS",
    "x-small": "XS",
    "xsmall": "XS",
    "s": "S",
    "small": "S",
    "sm": "S",
    "m": "M",
    "medium": "M",
    "med": "M",
    "l": "L",
    "large": "L",
    "lg": "L",
    "xl": "XL",
    "extra large": "XL",
    "x-large": "XL",
    "xlarge": "XL",
}
COLOR_SYNONYMS = {
    "navy": "Blue",
    "grey": "Gray",
    "charcoal": "Gray",
    "silver": "Gray",
    "violet": "Purple",
    "lilac": "Lavender",
    "pink": "Red",
    "beige": "Brown",
    "tan": "Brown",
}
WOMEN = frozenset({"women", "womens", "woman", "ladies", "lady", "female", "girls", "girl"})
MEN = frozenset({"men", "mens", "man", "male", "guys", "boys", "boy"})
CATEGORY_SYNONYMS = {
    "tshirt": "tee",
    "shirt": "tee",
    "hoody": "hoodie",
    "hoodies": "hoodie",
    "sweater": "sweatshirt",
    "pullover": "sweatshirt",
    "trouser": "pant",
    "jogger": "pant",
    "videos": "video",
}


@dataclass(frozen=True)
class SearchRequest:
    """A product request: free-text ``query``, hard ``filters`` and allowed category paths.

    ``categories`` is None for "any category"; it is kept apart from ``filters.category``
    because one request can allow several catalogue paths ("tanks" in men's and women's).
    """

    query: str
    filters: SearchFilters
    categories: frozenset[str] | None = None

    def describe(self) -> dict[str, Any]:
        """The filters as plain JSON values (for the behaviour event)."""
        f = self.filters
        return {
            "min_price": str(f.min_price) if f.min_price is not None else None,
            "max_price": str(f.max_price) if f.max_price is not None else None,
            "categories": sorted(self.categories) if self.categories else None,
            "size": f.size,
            "color": f.color,
        }

    @property
    def has_filters(self) -> bool:
        d = self.describe()
        return any(v is not None for v in d.values())


def _amount(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return value if 0 < value < MAX_PRICE else None


def price_limits(text: str) -> tuple[Decimal | None, Decimal | None, str]:
    """(min, max, text without the price phrases) read from ``text``."""
    low: Decimal | None = None
    high: Decimal | None = None
    for pattern in (_BETWEEN, _RANGE):
        match = pattern.search(text)
        if match:
            numbers = [_amount(g) for g in match.groups() if g]
            if len(numbers) == 2 and numbers[0] is not None and numbers[1] is not None:
                low, high = sorted((numbers[0], numbers[1]))
                text = text[: match.start()] + " " + text[match.end() :]
                break
    if high is None and (match := _UNDER.search(text)):
        high = _amount(match.group(1))
        if high is not None:
            text = text[: match.start()] + " " + text[match.end() :]
    if low is None and (match := _OVER.search(text)):
        low = _amount(match.group(1))
        if low is not None:
            text = text[: match.start()] + " " + text[match.end() :]
    return low, high, clean_text(text)


def normalise_size(value: object) -> str | None:
    """A catalogue size ("M", "XL", "32") for what the customer typed, or None."""
    text = clean_text(value, limit=40).lower().removeprefix("size").strip()
    if text in SIZE_WORDS:
        return SIZE_WORDS[text]
    if text.isdecimal() and 20 <= int(text) <= 60:
        return str(int(text))
    return None


def normalise_color(value: object, palette: Iterable[str]) -> str | None:
    """The catalogue colour closest to ``value`` ("navy" -> Blue, "blak" -> Black), or None."""
    text = clean_text(value, limit=40).lower()
    if not text:
        return None
    known = {c.lower(): c for c in palette}
    if text in known:
        return known[text]
    if text in COLOR_SYNONYMS and COLOR_SYNONYMS[text].lower() in known:
        return known[COLOR_SYNONYMS[text].lower()]
    close = difflib.get_close_matches(text, list(known), n=1, cutoff=0.75)
    return known[close[0]] if close else None


def _stem(word: str) -> str:
    return stem(CATEGORY_SYNONYMS.get(word, word))


def resolve_categories(value: object, categories: Iterable[str]) -> frozenset[str] | None:
    """The catalogue paths a category mention means ("men's tees" -> {"Men/Tops/Tees"}).

    Words that name no part of any path ("running gear") are ignored; None when nothing
    of the mention matches (then it is no filter at all).
    """
    paths = list(dict.fromkeys(categories))
    mention = [w for w in words(str(value or "")[:200]) if w not in ("s", "the", "and")]
    gender = next(("women" if w in WOMEN else "men" for w in mention if w in WOMEN | MEN), None)
    path_words = {p: {_stem(w) for w in words(p)} for p in paths}
    vocabulary = set().union(*path_words.values()) if path_words else set()
    vocabulary -= {"women", "men"}
    wanted = [_stem(w) for w in mention if w not in WOMEN | MEN and _stem(w) in vocabulary]
    if gender is None and not wanted:
        return None
    found = frozenset(
        p
        for p in paths
        if (gender is None or p.split("/")[0].lower() == gender)
        and all(w in path_words[p] for w in wanted)
    )
    return found or None


def _entity_values(entities: Sequence[Mapping[str, Any]], name: str) -> list[Mapping[str, Any]]:
    return [e for e in entities if e.get("entity") == name and e.get("value") is not None]


def search_request(
    text: object,
    entities: Sequence[Mapping[str, Any]],
    *,
    categories: Iterable[str],
    palette: Iterable[str],
) -> SearchRequest | None:
    """The request in a message; None when it names nothing to search for."""
    low, high, query = price_limits(clean_text(text))
    for entity in _entity_values(entities, "price"):
        amount = _amount(str(entity["value"]).strip().lstrip("€$£"))
        if entity.get("role") == "under" and high is None:
            high = amount
        elif entity.get("role") == "over" and low is None:
            low = amount
    if low is not None and high is not None and low > high:
        low, high = high, low
    size = next(
        (s for e in _entity_values(entities, "size") if (s := normalise_size(e["value"]))), None
    )
    color = next(
        (
            c
            for e in _entity_values(entities, "color")
            if (c := normalise_color(e["value"], palette))
        ),
        None,
    )
    allowed = next(
        (
            found
            for e in _entity_values(entities, "category")
            if (found := resolve_categories(e["value"], categories))
        ),
        None,
    )
    # A colour or size that became a filter would only add noise to the ranking.
    for name, used in (("color", color), ("size", size)):
        for entity in _entity_values(entities, name) if used else []:
            spoken = re.escape(clean_text(entity["value"], limit=40))
            query = re.sub(rf"(?i)\b(?:size\s+)?{spoken}\b", " ", query) if spoken else query
    query = clean_text(query)
    if not words(query):
        named = [
            clean_text(e["value"], limit=100)
            for e in entities
            if e.get("entity") in ("product", "category", "color") and e.get("value")
        ]
        query = " ".join(named)
    if not words(query) and allowed is None:
        return None
    if not words(query) and allowed is not None:
        query = " ".join(sorted(allowed))
    filters = SearchFilters(max_price=high, min_price=low, size=size, color=color)
    return SearchRequest(query=query, filters=filters, categories=allowed)
