from decimal import Decimal

import pytest

from icrm_models.search.request import (
    normalise_color,
    normalise_size,
    price_limits,
    resolve_categories,
    search_request,
)

CATEGORIES = [
    "Gear/Bags",
    "Gear/Fitness Equipment",
    "Gear/Watches",
    "Men/Bottoms/Pants",
    "Men/Bottoms/Shorts",
    "Men/Tops/Hoodies & Sweatshirts",
    "Men/Tops/Jackets",
    "Men/Tops/Tanks",
    "Men/Tops/Tees",
    "Training/Video Download",
    "Women/Bottoms/Pants",
    "Women/Tops/Bras & Tanks",
    "Women/Tops/Jackets",
    "Women/Tops/Tees",
]
PALETTE = ["Black", "Blue", "Gray", "Green", "Lavender", "Purple", "Red", "White"]


@pytest.mark.parametrize(
    ("text", "low", "high", "rest"),
    [
        ("a waterproof hiking jacket under 80", None, "80", "a waterproof hiking jacket"),
        ("jacket below €100", None, "100", "jacket"),
        ("tees less than 19.99 euros", None, "19.99", "tees"),
        ("between 50 and 90", "50", "90", ""),
        ("something between €90 and €50", "50", "90", "something"),
        ("shorts €20-35", "20", "35", "shorts"),
        ("hoodies over $60", "60", None, "hoodies"),
        ("more than 50 but under 120 please", "50", "120", "but please"),
        ("max 30", None, "30", ""),
        # sizes and order numbers are not prices
        ("shorts between size 30 and 32", None, None, "shorts between size 30 and 32"),
        ("pants size 32", None, None, "pants size 32"),
        ("under 0", None, None, "under 0"),
    ],
)
def test_price_limits_are_read_from_the_text(
    text: str, low: str | None, high: str | None, rest: str
) -> None:
    found_low, found_high, remainder = price_limits(text)
    assert found_low == (Decimal(low) if low else None)
    assert found_high == (Decimal(high) if high else None)
    assert remainder == rest


@pytest.mark.parametrize(
    ("value", "size"),
    [
        ("M", "M"),
        ("medium", "M"),
        ("xl", "XL"),
        ("Extra Large", "XL"),
        ("size 32", "32"),
        ("small", "S"),
        ("huge", None),
        ("999", None),
        ("\x00", None),
    ],
)
def test_sizes_are_read_in_the_catalogues_spelling(value: str, size: str | None) -> None:
    assert normalise_size(value) == size


@pytest.mark.parametrize(
    ("value", "color"),
    [
        ("black", "Black"),
        ("navy", "Blue"),
        ("grey", "Gray"),
        ("blak", "Black"),
        ("LAVENDER", "Lavender"),
        ("chartreuse", None),
        ("", None),
    ],
)
def test_colours_are_mapped_onto_the_palette(value: str, color: str | None) -> None:
    assert normalise_color(value, PALETTE) == color


@pytest.mark.parametrize(
    ("mention", "paths"),
    [
        ("men's tees", {"Men/Tops/Tees"}),  # not Women/Tops/Tees, whose path contains "men/"
        ("women's jackets", {"Women/Tops/Jackets"}),
        ("tanks", {"Men/Tops/Tanks", "Women/Tops/Bras & Tanks"}),
        ("fitness equipment", {"Gear/Fitness Equipment"}),
        ("training videos", {"Training/Video Download"}),
        ("running gear", {"Gear/Bags", "Gear/Fitness Equipment", "Gear/Watches"}),
        ("ladies", {p for p in CATEGORIES if p.startswith("Women/")}),
        ("spaceships", None),
    ],
)
def test_category_mentions_resolve_to_catalogue_paths(mention: str, paths: set[str] | None) -> None:
    assert resolve_categories(mention, CATEGORIES) == (frozenset(paths) if paths else None)


def test_a_request_combines_entities_and_text() -> None:
    request = search_request(
        "any black leggings in M between 20 and 60?",
        [
            {"entity": "color", "value": "black"},
            {"entity": "size", "value": "M"},
            {"entity": "product", "value": "leggings"},
            {"entity": "category", "value": "women's pants"},
        ],
        categories=CATEGORIES,
        palette=PALETTE,
    )
    assert request is not None
    f = request.filters
    assert (f.min_price, f.max_price, f.size, f.color) == (Decimal(20), Decimal(60), "M", "Black")
    assert request.categories == {"Women/Bottoms/Pants"}
    assert "black" not in request.query.lower() and "leggings" in request.query
    assert request.describe()["categories"] == ["Women/Bottoms/Pants"]


def test_price_entities_count_when_the_text_says_nothing() -> None:
    request = search_request(
        "hoodie 80",
        [{"entity": "price", "value": "80", "role": "under"}],
        categories=CATEGORIES,
        palette=PALETTE,
    )
    assert request is not None and request.filters.max_price == Decimal(80)


@pytest.mark.parametrize("text", ["", "🙂", "\x00", "?!", "\u202e"])
def test_nothing_to_search_for(text: str) -> None:
    assert search_request(text, [], categories=CATEGORIES, palette=PALETTE) is None
