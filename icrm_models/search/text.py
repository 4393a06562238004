"""Customer text and catalogue text made safe and readable.

Customer text ends up in JSON columns (PostgreSQL rejects NUL characters there) and in log
lines; catalogue names carry HTML entities from the Luma export ("HeatTec&reg; Tee").
"""

from __future__ import annotations

import html
import re
import unicodedata

MAX_QUERY_CHARS = 500

_SPACES = re.compile(r"\s+")


def clean_text(text: object, *, limit: int = MAX_QUERY_CHARS) -> str:
    """``text`` without control or format characters, whitespace collapsed, at most ``limit``.

    Letters of every script (RTL included) stay; bidi overrides, NULs and the like go.
    """
    if text is None:
        return ""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in str(text)[: limit * 4]
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    return _SPACES.sub(" ", kept).strip()[:limit]


def display_name(name: str) -> str:
    """A product name as customers should read it ("Gobi HeatTec® Tee")."""
    return _SPACES.sub(" ", html.unescape(name)).strip()


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` (letters and digits), for matching."""
    return re.findall(r"[^\W_]+", display_name(text).lower())


def stem(word: str) -> str:
    """``word`` with a plural ending folded ("hoodies" -> "hoodie", "watches" -> "watch")."""
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
