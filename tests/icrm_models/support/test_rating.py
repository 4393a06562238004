import pytest

from icrm_models.support.rating import parse_rating


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("I want to rate my jacket 5 stars", 5),
        ("five stars for the Wayfarer Messenger Bag", 5),
        ("two stars, sadly", 2),
        ("a five-star experience", 5),
        ("I'd give it a 3 star review", 3),
        ("4/5, fits well", 4),
        ("rate the Dash Digital Watch 4 out of 5", 4),
        ("10/10 would buy again", 5),
        ("7 out of 10", 4),
        ("rating: 4", 4),
        ("I'd rate it a 2", 2),
        ("4.5 stars", 5),
        ("can I change my rating from 3 to 5 stars", 5),
        ("1 star", 1),
    ],
)
def test_ratings_in_words(text: str, rating: int) -> None:
    assert parse_rating(text) == rating


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "great hoodie",
        "order 10023 was fine",
        "6 stars",
        "0 stars",
        "no stars",
        "x25 stars",
        "size 4/6",
        "🙂" * 1000,
    ],
)
def test_no_rating(text: str | None) -> None:
    assert parse_rating(text) is None
