"""A star rating (1–5) in a customer's own words: "5 stars", "4/5", "two stars", "10/10".

Ratings out of ten are halved (rounded half up); anything outside 1–5 is no rating. When a text
holds several ("from 3 to 5 stars"), the last one counts: people correct themselves forwards.
"""

from __future__ import annotations

import re

_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "zero": 0,
    "no": 0,
}
_NUMBER = r"(?<![\w.,])(\d{1,2}(?:[.,]5)?|" + "|".join(_NUMBERS) + r")"
_PATTERNS = (
    # "4/5", "4 out of 5", "8 of 10", "10/10"
    re.compile(_NUMBER + r"\s*(?:/|out\s+of|of)\s*(5|10)\b", re.IGNORECASE),
    # "5 stars", "five-star", "3 star review", "4.5 stars"
    re.compile(_NUMBER + r"[\s-]*stars?\b", re.IGNORECASE),
    # "rating: 4", "rate it 4", "I'd rate it a 3"
    re.compile(
        r"\brat(?:e|ing)\s*(?:it|them|this|you)?\s*[:=]?\s*(?:an?\s+)?" + _NUMBER + r"\b(?!\s*/)",
        re.IGNORECASE,
    ),
)


def _value(token: str) -> float:
    token = token.lower().replace(",", ".")
    return float(_NUMBERS[token]) if token in _NUMBERS else float(token)


def parse_rating(text: str | None) -> int | None:
    """The rating from 1 to 5 that ``text`` gives, or None.

    >>> parse_rating("I want to rate my jacket 5 stars")
    5
    >>> parse_rating("4/5, fits well")
    4
    >>> parse_rating("two stars, sadly"), parse_rating("10/10 would buy again")
    (2, 5)
    >>> parse_rating("order 10023 was fine") is None
    True
    """
    if not text:
        return None
    found: list[tuple[int, float]] = []  # (position, rating out of 5)
    for index, pattern in enumerate(_PATTERNS):
        for match in pattern.finditer(str(text)[:10_000]):
            value = _value(match.group(1))
            if index == 0 and match.group(2) == "10":
                value /= 2
            found.append((match.start(), value))
    if not found:
        return None
    _, value = max(found, key=lambda item: item[0])
    rating = int(value + 0.5)
    return rating if 1 <= rating <= 5 else None
