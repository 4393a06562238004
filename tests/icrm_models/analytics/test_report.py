"""The HTML report: one self-contained file with the KPIs of known rows; an empty period says so."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from icrm_models.analytics import report_charts as charts
from icrm_models.analytics.frames import load
from icrm_models.analytics.report import STEPS, write_report
from tests.helpers.analytics_rows import DAY, AnalyticsRows, Said

NOW = DAY + timedelta(days=10)
PERIOD = (date(2026, 11, 2), date(2026, 11, 8))


def fill(engine: Engine) -> None:
    """Eight decided conversations (3 contained, 3 handed off, 2 abandoned) and their cases."""
    rows = AnalyticsRows(engine)
    for n in range(3):
        rows.conversation(DAY + timedelta(hours=n), [Said("order_status"), Said("thanks")])
    for n, reply in enumerate((60, 120, 600)):
        conv = rows.conversation(DAY, [Said("human")], handoff_reason="asked")
        rows.case(
            conv.conversation_id,
            DAY + timedelta(minutes=n),
            reply_after=timedelta(seconds=reply),
            close_after=timedelta(minutes=30),
            csat=5 - n,  # 5, 4, 3: two of three satisfied
        )
    rows.conversation(
        DAY, [Said("return_item")], active_form="return_form", requested_slot="order_id"
    )
    rows.conversation(DAY, [Said("<script>alert(1)</script>", 0.2, True)])
    rows.reject(DAY, "event without a timestamp")
    rows.ingest_run(DAY)


def test_the_report_is_one_offline_file_with_the_kpis(engine: Engine, tmp_path: Path) -> None:
    fill(engine)
    steps: list[str] = []
    out = tmp_path / "nested" / "report.html"
    summary = write_report(load(engine, *PERIOD, now=NOW), out, progress=steps.append)
    assert steps == [name for name, _ in STEPS]
    html = out.read_text(encoding="utf-8")
    assert summary.path == out and summary.size_bytes == len(html.encode())
    assert not summary.empty and summary.charts >= 8
    # self-contained: no script, style or image fetched from anywhere
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert not re.search(r"<link[^>]*href=", html)
    assert not re.search(r"<img[^>]*src=[\"']?https?:", html)
    assert "Plotly.newPlot" in html and len(html) > 3_000_000  # plotly.js is inlined
    assert "2026-11-02 – 2026-11-08 (UTC)" in html
    cards = re.findall(r'kpi-value">([^<]*)</div><div class="kpi-label">([^<]*)<', html)
    by_label = {label: value for value, label in cards}
    assert by_label["Conversations"] == "8"
    assert by_label["Containment"] == "37.5 %"
    assert by_label["Handoff rate"] == "37.5 %"
    assert by_label["Abandonment"] == "25.0 %"
    assert by_label["Fallback rate"] == "9.1 %"  # 1 of 11 customer messages
    assert by_label["CSAT"] == "67 %"
    assert by_label["Median first response"] == "2 min 00 s"
    for section in ("Volume", "Handoffs", "Form funnels", "Offer funnel", "Ingest health"):
        assert f"<h2>{section}</h2>" in html
    assert "1 event(s) of the period could not be read" in html
    assert "event without a timestamp" in html
    # a name from the data is text, never markup
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert summary.kpis["containment"] == 3 / 8


def test_an_empty_period_gives_a_page_that_says_so(engine: Engine, tmp_path: Path) -> None:
    fill(engine)
    out = tmp_path / "empty.html"
    summary = write_report(load(engine, date(2025, 1, 1), date(2025, 1, 31), now=NOW), out)
    html = out.read_text(encoding="utf-8")
    assert summary.empty and summary.charts == 0
    assert "No conversations between 2025-01-01 and 2025-01-31" in html
    assert "<h2>Ingest health</h2>" in html and "<h2>Volume</h2>" not in html


def test_a_failed_write_leaves_no_half_file(engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "report.html"
    out.parent.mkdir()
    out.write_text("the previous report")

    class Broken(Exception):
        pass

    def stop(step: str) -> None:
        if step == "intents":
            raise Broken

    with pytest.raises(Broken):
        write_report(load(engine, *PERIOD, now=NOW), out, progress=stop)
    assert out.read_text() == "the previous report"
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]


def test_a_one_day_period_has_day_ticks_markers_and_no_nan(engine: Engine) -> None:
    """The demo run's one-day report: ticks like "23:59:59.9996", invisible one-point lines
    and "→ nan" for a form left with no slot requested."""
    fill(engine)
    AnalyticsRows(engine).conversation(DAY, [Said("order_status")], active_form="return_form")
    data = load(engine, date(2026, 11, 2), date(2026, 11, 2), now=NOW)
    volume = charts.volume_by_day(data.volume_by_day())
    trend = charts.intent_trend(data.intent_trend("day"), "day")
    assert volume is not None and trend is not None
    for figure in (volume, trend):
        axis = figure.layout.xaxis
        assert (axis.type, axis.tickformat, axis.dtick) == ("date", "%a %d %b", 86_400_000)
        start, end = (pd.Timestamp(v) for v in axis.range)
        assert end - start == pd.Timedelta(days=1)  # half a day either side of the one day
    assert all("markers" in trace.mode for trace in trend.data)
    bars = [trace for trace in volume.data if trace.type == "bar"]
    assert bars and all(trace.width == 0.8 * 86_400_000 for trace in bars)  # not 1 ms wide
    left = charts.abandonment(data.abandonment())
    assert left is not None
    labels = list(left.data[0].y)
    assert "return_form → (no slot)" in labels and "return_form → order_id" in labels
    assert not any("nan" in label for label in labels)
