"""c-TF-IDF keywords: a cluster's own words first, shared and meaningless words never."""

from __future__ import annotations

import pytest

from icrm_models.analytics.topic_keywords import ctfidf_keywords

GIFTS = [
    "can you gift wrap my order 10023",
    "is gift wrapping available",
    "I want the parcel gift wrapped please",
    "gift wrap for order 10441?",
]
PICKUP = [
    "can I pick up my order in the store",
    "store pickup for order 10023",
    "collect my order from your shop in Leeds",
    "is in-store pickup possible",
]


def test_each_cluster_gets_its_own_words() -> None:
    gifts, pickup = ctfidf_keywords([GIFTS, PICKUP], top_n=3)
    assert "gift" in gifts and "gift wrap" in gifts
    assert "pickup" in pickup or "store" in pickup
    assert not set(gifts) & set(pickup)


def test_words_every_message_shares_rank_below_a_clusters_own() -> None:
    # "order" is in every cluster and in the background: it must not lead any cluster
    background = ["where is my order", "my order is late", "order 10021 status"]
    gifts, pickup = ctfidf_keywords([GIFTS, PICKUP], background=background, top_n=2)
    assert "order" not in gifts and "order" not in pickup


def test_numbers_placeholders_and_stop_words_are_never_keywords() -> None:
    cluster = [
        "please mail [EMAIL] the receipt 10023",
        "send the receipt to [EMAIL] for 10441",
        "receipt to [EMAIL] 2026",
    ]
    (words,) = ctfidf_keywords([cluster], top_n=10)
    assert "receipt" in words
    assert not any(any(c.isdigit() for c in w) for w in words)
    assert "email" not in " ".join(words)  # the placeholder, not a word the customer typed
    assert "the" not in words and "to" not in words


def test_the_word_behind_a_placeholder_still_counts_when_typed() -> None:
    (words,) = ctfidf_keywords([["update my email address", "change email address"]], top_n=3)
    assert "email" in words


def test_clusters_without_usable_words_get_empty_lists() -> None:
    assert ctfidf_keywords([["10023", "10441 ?"], ["!!!"]]) == [[], []]
    assert ctfidf_keywords([]) == []


def test_top_n_must_be_positive() -> None:
    with pytest.raises(ValueError, match="top_n must be at least 1, got 0"):
        ctfidf_keywords([GIFTS], top_n=0)


def test_contractions_are_fillers_not_half_words() -> None:
    (words,) = ctfidf_keywords([["my parcel hasn't arrived", "parcel still hasn’t come"]], top_n=5)
    assert "parcel" in words
    assert not {"hasn", "hasnt", "t"} & set(words)
