"""Reading a postal address typed in a chat: plausible enough to ship to, or rejected.

An address is accepted when it has a street with a house number and, in another comma-separated
part, a place ("12 Baker Street, London"), or a postcode next to a place ("Hauptstraße 5, 10115
Berlin", "75008 Paris"). Anything with characters no address has (``;``, ``=``, emoji, control or
direction-override characters) or of an absurd length is rejected rather than cleaned up, so
nothing odd ever reaches a parcel label.
"""

from __future__ import annotations

import re
import unicodedata

MIN_LENGTH = 6
MAX_LENGTH = 200
MAX_WORDS = 25
PUNCTUATION = frozenset(" ,.-'/#°&()’")
PLACE_PUNCTUATION = frozenset(" .-'’")

_L = r"[^\W\d_]"  # a letter of any script
STREET_NUMBER = re.compile(
    rf"(?:\b\d{{1,5}}\s?[a-z]?\s+{_L}{{2,}})|(?:{_L}{{3,}}\.?\s+\d{{1,5}}[a-z]?\b)", re.I
)
POSTCODE = re.compile(
    r"\b(?:"
    r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}"  # UK: SW1A 1AA
    r"|\d{4}\s?[A-Z]{2}"  # NL: 1012 AB
    r"|\d{2}-\d{3}|\d{4}-\d{3}"  # PL, PT
    r"|\d{3}\s\d{2}"  # SE, CZ, SK
    r"|\d{4,5}"  # DE, FR, ES, IT, AT, CH, BE, ...
    r")\b",
    re.I,
)
PLACE_WORD = re.compile(rf"{_L}{{3,}}")


def _allowed(char: str, punctuation: frozenset[str]) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LM" or char.isdecimal() or char in punctuation


def normalise_address(text: str | None) -> str | None:
    """``text`` with whitespace tidied (line breaks become commas); None for odd characters."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", str(text)).replace("،", ",")  # also the Arabic comma
    lines = [" ".join(line.split()) for line in text.splitlines()]
    cleaned = ", ".join(line.strip(" ,") for line in lines if line.strip(" ,"))
    if not MIN_LENGTH <= len(cleaned) <= MAX_LENGTH or len(cleaned.split()) > MAX_WORDS:
        return None
    if not all(_allowed(char, PUNCTUATION) for char in cleaned):
        return None
    return cleaned


def _street_and_place(parts: list[str]) -> bool:
    for index, part in enumerate(parts):
        if STREET_NUMBER.search(part):
            others = parts[:index] + parts[index + 1 :]
            if any(PLACE_WORD.search(other) for other in others):
                return True
    return False


def _postcode_and_place(parts: list[str]) -> bool:
    for part in parts:
        for match in POSTCODE.finditer(part):
            rest = part[: match.start()] + " " + part[match.end() :]
            if PLACE_WORD.search(rest):
                return True
    return False


def parse_address(text: str | None) -> str | None:
    """The address in ``text``, tidied, when it looks like one a parcel can go to; else None."""
    cleaned = normalise_address(text)
    if cleaned is None:
        return None
    parts = [part.strip() for part in cleaned.split(",") if part.strip()]
    if _street_and_place(parts) or _postcode_and_place(parts):
        return cleaned
    return None


def parse_place_name(text: str | None, *, limit: int = 80) -> str | None:
    """A city or country name as typed ("Munich", "Den Haag", "Saint-Étienne"), else None."""
    if text is None:
        return None
    cleaned = " ".join(unicodedata.normalize("NFC", str(text)).split())
    if not 2 <= len(cleaned) <= limit or not PLACE_WORD.search(cleaned):
        return None
    if not all(_allowed(char, PLACE_PUNCTUATION) for char in cleaned):
        return None
    return cleaned
