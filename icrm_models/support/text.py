"""Customer text made safe to store and show: no control characters, bounded length.

Chat messages reach tickets and behaviour events verbatim. PostgreSQL refuses NUL bytes in text,
and bidirectional overrides or zero-width characters would make a ticket read differently in the
agents' console than what the customer typed, so both are dropped; everything else is kept.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, zero-width and bidi-override characters, BOM.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"[ \t]+")


def clean_text(text: object, *, limit: int) -> str:
    """``text`` without invisible characters, spaces collapsed, at most ``limit`` characters.

    A longer text is cut at ``limit - 1`` characters and marked with an ellipsis.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    cleaned = _SPACES.sub(" ", _INVISIBLE.sub("", str(text or ""))).strip()
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return cleaned


def word_count(text: str) -> int:
    """The number of words in ``text`` (whitespace-separated runs with a letter or digit)."""
    return sum(1 for word in text.split() if any(ch.isalnum() for ch in word))
