"""Typo-noised training copies: seeded, one edit per chosen word, exact tokens and entities kept."""

from __future__ import annotations

import random

from icrm_models.nlu.bot_data import AnnotatedExample, annotate
from icrm_models.nlu.typo_noise import (
    KEY_NEIGHBOURS,
    noisable,
    noisy,
    typo,
    typo_copies,
    with_typo_copies,
)


def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (a swap of neighbours counts as one edit)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def test_a_typo_is_one_edit_that_keeps_the_first_letter() -> None:
    rng = random.Random(3)
    for word in ("refund", "package", "invoice", "delivery", "account") * 20:
        changed = typo(word, rng)
        assert changed != word or len(set(word)) < len(word)  # a swap of equal letters is a no-op
        assert changed[0] == word[0]
        assert _edit_distance(word, changed) <= 1


def test_keyboard_neighbours_are_on_the_same_row() -> None:
    assert set(KEY_NEIGHBOURS["s"]) == {"a", "d"}
    assert KEY_NEIGHBOURS["q"] == "w"
    assert KEY_NEIGHBOURS["m"] == "n"


def test_noise_is_seeded_and_changes_at_least_one_word() -> None:
    text = "where is my package, it should have arrived yesterday"
    assert noisy(text, 1) == noisy(text, 1)
    assert noisy(text, 1) != text
    assert {noisy(text, seed) for seed in range(10)} != {noisy(text, 0)}
    assert len(noisy(text, 2).split()) == len(text.split())


def test_order_numbers_emails_prices_and_short_words_stay_exact() -> None:
    for word in ("#10023", "10023", "ann@example.com", "$40", "€80", "£12", "my", "the", "it"):
        assert not noisable(word)
    text = "order #10023 for ann@example.com at $40"
    for seed in range(20):
        changed = noisy(text, seed).split()
        assert changed[1:] == text.split()[1:]  # only "order" may change


def test_a_message_without_noisable_words_is_returned_as_it_is() -> None:
    assert noisy("hi #10023 $5", 0) == "hi #10023 $5"


def test_copies_only_of_unannotated_examples_and_the_originals_first() -> None:
    plain = AnnotatedExample("i want my money back", "i want my money back", "get_refund")
    annotated_source = "where is order [10023](order_id)"
    text, spans = annotate(annotated_source)
    annotated = AnnotatedExample(annotated_source, text, "track_order", spans)
    short = AnnotatedExample("hi", "hi", "greet")
    result = with_typo_copies([plain, annotated, short], seed=0)
    assert result[:3] == [plain, annotated, short]
    assert len(result) == 4
    copy = result[3]
    assert copy.intent == "get_refund" and copy.entities == []
    assert copy.text == copy.annotated != plain.text


def test_a_copy_equal_to_another_message_is_dropped() -> None:
    original = AnnotatedExample("refund please", "refund please", "get_refund")
    first = typo_copies([original])[0].text
    other = AnnotatedExample(first, first, "check_refund_policy")
    assert typo_copies([original, other]) == [
        c for c in typo_copies([other]) if c.text != original.text
    ]
