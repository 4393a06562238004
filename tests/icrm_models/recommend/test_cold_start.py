"""Best-sellers per segment and among first orders, for customers the recommender never saw."""

from __future__ import annotations

import pandas as pd
import pytest

from icrm_models.recommend.cold_start import (
    FIRST_ORDER_REASON,
    SEGMENT_REASON,
    ColdStart,
    cold_start_rankings,
)
from tests.helpers.purchase_lines import CUT, lines_before_cut

LINES = lines_before_cut(
    [
        # customer 1 (Champions): first order long ago, then product 7 twice lately
        (1, 10, 5, 300),
        (1, 11, 7, 20),
        (1, 12, 7, 10),
        # customer 2 (Champions): product 8 lately, first order (product 6) long ago
        (2, 20, 6, 200),
        (2, 21, 8, 5),
        (2, 21, 7, 5),
        # customer 3 (At risk): one recent first order
        (3, 30, 9, 30),
        (3, 30, 8, 30),
        # customer 4 (no segment) and a line after the cut: both ignored by the segments
        (4, 40, 9, 3),
        (1, 13, 1, -5),
    ]
)
SEGMENTS = pd.Series({1: "Champions", 2: "Champions", 3: "At risk"})


def test_segments_rank_their_recent_products_by_distinct_buyers() -> None:
    cold = cold_start_rankings(LINES, SEGMENTS, CUT, window_days=90)
    # Product 7: two Champions (customer 1 twice counts once); 8: one. Old orders fall out.
    assert cold.by_segment == {"Champions": [7, 8], "At risk": [8, 9]}


def test_first_orders_rank_what_new_customers_bought_first() -> None:
    cold = cold_start_rankings(LINES, SEGMENTS, CUT, window_days=90)
    # First orders in the window: customer 3 (8, 9) and customer 4 (9); 1 and 2 began earlier.
    assert cold.first_orders == [9, 8]
    everything = cold_start_rankings(LINES, SEGMENTS, CUT, window_days=1000)
    assert everything.first_orders == [9, 5, 6, 8]


def test_an_empty_window_falls_back_to_all_history_and_top_cuts_the_list() -> None:
    old = lines_before_cut([(1, 10, 5, 400), (2, 20, 5, 400), (2, 20, 6, 400)])
    cold = cold_start_rankings(old, pd.Series({1: "A", 2: "A"}), CUT, window_days=30, top=1)
    assert cold.by_segment == {"A": [5]} and cold.first_orders == [5]


def test_the_ranking_of_a_customer_follows_their_segment() -> None:
    cold = ColdStart(by_segment={"Champions": [7, 8]}, first_orders=[9])
    assert cold.ranking("Champions") == ([7, 8], SEGMENT_REASON)
    assert cold.ranking("Unknown segment") == ([9], FIRST_ORDER_REASON)
    assert cold.ranking(None) == ([9], FIRST_ORDER_REASON)
    assert ColdStart().ranking(None) == ([], FIRST_ORDER_REASON)


@pytest.mark.parametrize(("window_days", "top"), [(0, 10), (30, 0)])
def test_bad_settings_are_clear_errors(window_days: int, top: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        cold_start_rankings(LINES, SEGMENTS, CUT, window_days=window_days, top=top)
