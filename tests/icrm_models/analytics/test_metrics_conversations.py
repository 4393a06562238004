"""Volume, outcomes, handoffs, abandonment and fallbacks from known rows, on both databases."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine

from icrm_models.analytics.frames import AnalyticsData, load
from tests.helpers.analytics_rows import DAY, AnalyticsRows, Said

NOW = DAY + timedelta(days=3)  # everything below has ended, except what starts later


@pytest.fixture
def data(engine: Engine) -> AnalyticsData:
    """Two days of conversations with known outcomes (DAY is Monday 2 November, 12:00 UTC)."""
    rows = AnalyticsRows(engine)
    monday, tuesday = DAY, DAY + timedelta(days=1, hours=-3)  # Tuesday 09:00
    rows.conversation(monday, [Said("order_status"), Said("thanks")])  # contained
    rows.conversation(monday, [Said("greet")])  # contained
    rows.conversation(monday, [Said("human")], handoff_reason="asked")
    rows.conversation(tuesday, [Said("nlu_fallback", 0.3, True)], handoff_reason="fallback")
    rows.conversation(tuesday, [Said("complain")], handoff_reason="asked")
    rows.conversation(  # left while the bot asked for the order number
        tuesday, [Said("return_item")], active_form="return_form", requested_slot="order_id"
    )
    rows.conversation(tuesday, [Said("greet"), Said(None, 0.2, True)])  # left after a fallback
    rows.conversation(tuesday, [Said(None, 0.2, True), Said("greet")])  # helped after all
    rows.conversation(tuesday, [])  # empty: the customer never wrote
    rows.conversation(NOW - timedelta(minutes=10), [Said("greet")])  # ongoing at NOW
    rows.conversation(DAY - timedelta(days=5), [Said("greet")])  # before the period
    return load(engine, date(2026, 11, 2), date(2026, 11, 5), now=NOW)


def test_outcomes_and_containment(data: AnalyticsData) -> None:
    table = data.outcomes().set_index("outcome")
    assert table["conversations"].to_dict() == {
        "empty": 1,
        "handed_off": 3,
        "ongoing": 1,
        "abandoned": 2,
        "contained": 3,
    }
    assert table.loc["contained", "share"] == pytest.approx(3 / 8)
    assert table.loc["handed_off", "share"] == pytest.approx(3 / 8)
    assert pd.isna(table.loc["ongoing", "share"])
    assert data.containment().equals(data.outcomes())


def test_kpis(data: AnalyticsData) -> None:
    k = data.kpis()
    assert k["conversations"] == 9  # the empty one is no conversation
    assert (k["decided"], k["ongoing"], k["empty"]) == (8, 1, 1)
    assert k["containment"] == pytest.approx(3 / 8)
    assert k["handoff_rate"] == pytest.approx(3 / 8)
    assert k["abandonment"] == pytest.approx(2 / 8)
    assert k["customer_messages"] == 12
    assert k["fallback_rate"] == pytest.approx(3 / 12)
    assert k["csat"] is None and k["median_first_response_s"] is None  # no live cases


def test_volume_by_day_fills_every_day(data: AnalyticsData) -> None:
    table = data.volume_by_day()
    assert list(table["day"].dt.strftime("%Y-%m-%d")) == [
        "2026-11-02",
        "2026-11-03",
        "2026-11-04",
        "2026-11-05",
    ]
    assert list(table["conversations"]) == [3, 6, 0, 1]
    monday = table.iloc[0]
    assert (monday["contained"], monday["handed_off"], monday["customer_messages"]) == (2, 1, 4)
    assert list(table["ongoing"]) == [0, 0, 0, 1]
    assert list(table["customer_messages"]) == [4, 7, 0, 1]


def test_volume_by_hour_and_weekday(data: AnalyticsData) -> None:
    hours = data.volume_by_hour().set_index("hour")
    assert len(hours) == 24
    assert hours.loc[12, "conversations"] == 3 and hours.loc[9, "conversations"] == 6
    assert hours.loc[11, "conversations"] == 1  # NOW - 10 min is 11:50 on Thursday
    grid = data.volume_by_weekday_hour()
    assert grid.shape == (7, 24)
    assert grid.loc[0, 12] == 3 and grid.loc[1, 9] == 6 and grid.loc[3, 11] == 1
    assert int(grid.to_numpy().sum()) == 10


def test_handoff_reasons(data: AnalyticsData) -> None:
    table = data.handoffs()
    assert table[["reason", "conversations"]].to_dict("records") == [
        {"reason": "asked", "conversations": 2},
        {"reason": "fallback", "conversations": 1},
    ]
    assert table["share"].sum() == pytest.approx(1)


def test_abandonment_says_where(data: AnalyticsData) -> None:
    table = data.abandonment()
    records = table[["kind", "form", "requested_slot"]].fillna("-").to_dict("records")
    assert {(r["kind"], r["form"], r["requested_slot"]) for r in records} == {
        ("mid_form", "return_form", "order_id"),
        ("after_fallback", "-", "-"),
    }
    assert table["conversations"].sum() == 2


def test_fallback_rate_per_day(data: AnalyticsData) -> None:
    table = data.fallback_rate()
    assert list(table["fallbacks"]) == [0, 3, 0, 0]
    assert table["rate"].iloc[1] == pytest.approx(3 / 7)
    assert table["rate"].iloc[2] == 0  # no messages: 0, not NaN


def test_an_empty_database_gives_empty_tables_not_errors(engine: Engine) -> None:
    data = load(engine, date(2026, 11, 2), date(2026, 11, 2), now=NOW)
    k = data.kpis()
    assert k["conversations"] == 0 and k["containment"] is None and k["fallback_rate"] is None
    assert data.handoffs().empty and data.abandonment().empty and data.intents().empty
    assert list(data.volume_by_day()["conversations"]) == [0]
    assert data.intent_trend().empty and data.form_funnels().empty
    assert int(data.confidence_histogram()["messages"].sum()) == 0


def test_bad_periods_are_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match="before it starts"):
        load(engine, date(2026, 11, 5), date(2026, 11, 2), now=NOW)
    with pytest.raises(ValueError, match="naive datetime"):
        load(engine, DAY.replace(tzinfo=None), now=NOW)
    with pytest.raises(ValueError, match="idle timeout"):
        load(engine, date(2026, 11, 2), now=NOW, idle_timeout=timedelta(0))
