"""Intents, their trend, the confidence histogram and form funnels from known rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine

from icrm_models.analytics.frames import AnalyticsData, load
from tests.helpers.analytics_rows import DAY, AnalyticsRows, Said

NOW = DAY + timedelta(days=30)


@pytest.fixture
def data(engine: Engine) -> AnalyticsData:
    """Intents over two weeks and three conversations through the return form."""
    rows = AnalyticsRows(engine)
    rows.conversation(DAY, [Said("order_status", 0.9), Said("order_status", 1.0)])
    rows.conversation(DAY + timedelta(days=1), [Said("greet", 0.52), Said(None, None)])
    rows.conversation(DAY + timedelta(days=8), [Said("order_status", 0.41, True)])
    done = rows.conversation(DAY, [Said("return_item")])
    rows.form_steps(
        done,
        "return_form",
        [("started", None), ("slot", "order_id"), ("slot", "reason"), ("completed", None)],
    )
    left = rows.conversation(
        DAY, [Said("return_item")], active_form="return_form", requested_slot="reason"
    )
    rows.form_steps(left, "return_form", [("started", None), ("slot", "order_id")])
    stopped = rows.conversation(DAY, [Said("return_item")])
    rows.form_steps(stopped, "return_form", [("started", None), ("cancelled", None)])
    return load(engine, date(2026, 11, 2), date(2026, 11, 15), now=NOW)


def test_intents_most_asked_first(data: AnalyticsData) -> None:
    table = data.intents().set_index("intent")
    assert list(table.index) == ["order_status", "return_item", "(none)", "greet"]
    assert table.loc["order_status", "messages"] == 3
    assert table.loc["order_status", "fallbacks"] == 1
    assert table.loc["order_status", "mean_confidence"] == pytest.approx((0.9 + 1.0 + 0.41) / 3)
    assert table["share"].sum() == pytest.approx(1)


def test_intent_trend_by_week_and_day(data: AnalyticsData) -> None:
    weekly = data.intent_trend("week")
    assert [d.date() for d in weekly.index] == [date(2026, 11, 2), date(2026, 11, 9)]
    assert list(weekly["order_status"]) == [2, 1]
    assert list(weekly.columns[:2]) == ["order_status", "return_item"]
    top = data.intent_trend("day", top=1)
    assert set(top.columns) == {"order_status", "(other)"}
    assert int(top.to_numpy().sum()) == 8
    with pytest.raises(ValueError, match="freq must be one of"):
        data.intent_trend("hour")


def test_confidence_histogram(data: AnalyticsData) -> None:
    table = data.confidence_histogram(bins=10)
    assert len(table) == 10 and table["low"].iloc[5] == pytest.approx(0.5)
    by_low = dict(zip(table["low"].round(1), table["messages"], strict=True))
    # 0.9 and 1.0 (the last bin holds 1.0); 0.52; 0.41; return_item's three at 0.95
    assert by_low[0.9] == 5 and by_low[0.5] == 1 and by_low[0.4] == 1
    assert int(table["messages"].sum()) == 7  # the message without a confidence is left out
    assert int(table["fallbacks"].sum()) == 1
    with pytest.raises(ValueError, match="bins"):
        data.confidence_histogram(bins=0)


def test_form_funnel(data: AnalyticsData) -> None:
    table = data.form_funnels()
    steps = [
        (r.step, None if r.slot != r.slot else r.slot, r.conversations) for r in table.itertuples()
    ]
    assert steps == [
        ("started", None, 3),
        ("slot", "order_id", 2),
        ("slot", "reason", 1),
        ("completed", None, 1),
        ("cancelled", None, 1),
        ("abandoned", "reason", 1),
    ]
    assert set(table["form"]) == {"return_form"}
    assert table["share"].iloc[1] == pytest.approx(2 / 3)
