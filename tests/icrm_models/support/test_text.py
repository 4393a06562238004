import pytest

from icrm_models.support.text import clean_text, word_count


def test_invisible_and_control_characters_are_dropped() -> None:
    assert clean_text("a\x00b\u202ec\u200bd\ufeff\x07e", limit=100) == "abcde"


def test_spaces_collapse_but_lines_stay() -> None:
    assert clean_text("  one   two\t\tthree\nfour  ", limit=100) == "one two three\nfour"


def test_long_text_is_cut_with_an_ellipsis() -> None:
    cut = clean_text("x" * 10_000, limit=50)
    assert len(cut) == 50 and cut.endswith("…")


def test_none_is_empty_and_other_scripts_are_kept() -> None:
    assert clean_text(None, limit=10) == ""
    assert clean_text("طلبي لم يصل 🙂", limit=100) == "طلبي لم يصل 🙂"


def test_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="limit"):
        clean_text("x", limit=0)


def test_word_count_ignores_punctuation_and_emoji() -> None:
    assert word_count("the box was crushed !!! 🙂 — really") == 5
