import pytest

from icrm_models.support.categories import (
    CATEGORY_LABELS,
    COMPLAINT_CATEGORIES,
    KEYWORDS,
    match_category,
)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("the jacket I received is damaged", "damaged"),
        ("my hoodie arrived with a hole in it", "damaged"),
        ("the package was soaked and the box crushed when it arrived", "damaged"),
        ("I received the wrong item in order 10482", "wrong_item"),
        ("you sent me the wrong size", "wrong_item"),
        ("items were missing from the box", "wrong_item"),
        ("the quality is terrible, they ripped after one wash", "product_quality"),
        ("it shrank two sizes", "product_quality"),
        ("the watch stopped working after two days", "product_quality"),
        ("my delivery is 2 weeks late", "delivery"),
        ("your courier left my package in the rain", "delivery"),
        ("your customer service agent was rude to me", "service"),
        ("nobody answers my emails", "service"),
        ("you charged me twice", "billing"),
        ("the invoice shows the wrong amount", "billing"),
        # the answers the buttons send, and the internal names
        ("product quality", "product_quality"),
        ("wrong item", "wrong_item"),
        ("damaged item", "damaged"),
        ("delivery", "delivery"),
        ("our service", "service"),
        ("billing", "billing"),
        ("something else", "other"),
        ("Other", "other"),
        ("wrong_item", "wrong_item"),
        # misspellings
        ("damadged", "damaged"),
        ("delivry was awful", "delivery"),
        ("the qualitty is poor", "product_quality"),
    ],
)
def test_free_text_maps_to_its_category(text: str, category: str) -> None:
    assert match_category(text) == category


@pytest.mark.parametrize(
    "text", [None, "", "hello", "I want to make a complaint", "🙂🙂", "x" * 10_000, "\x00", "؟"]
)
def test_text_without_a_hint_gives_no_category(text: str | None) -> None:
    assert match_category(text) is None


def test_a_tie_goes_to_the_more_specific_category_unless_strict() -> None:
    text = "the zipper broke"  # product quality (zipper) and damaged (broke), one each
    assert match_category(text) == "damaged"
    assert match_category(text, strict=True) is None


def test_strict_still_matches_a_clear_winner() -> None:
    assert match_category("the courier lost my parcel, awful", strict=True) == "delivery"


def test_only_the_start_of_a_long_message_is_read() -> None:
    """What keeps a huge message cheap: the matcher reads a bounded prefix, not all of it."""
    filler = "blah " * 2000 + "lorem ipsum dolor sit amet " * 300
    assert match_category(filler) is None
    assert match_category("the courier lost my parcel " + filler) == "delivery"
    assert match_category(filler + " the courier lost my parcel") is None


def test_every_category_has_a_label_and_keywords_are_well_formed() -> None:
    assert set(CATEGORY_LABELS) == set(COMPLAINT_CATEGORIES) == set(KEYWORDS)
    for keywords in KEYWORDS.values():
        assert all(k and k == k.strip().lower() for k in keywords)
