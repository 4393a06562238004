"""The report opened in headless Chromium, offline: every chart renders, the KPIs are shown.

Screenshots go to var/screenshots/analytics-report-*.png for a person to look at.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine

from icrm_models.analytics.frames import load
from icrm_models.analytics.report import write_report
from icrm_models.analytics.report_html import percent
from tests.helpers.analytics_rows import DAY, AnalyticsRows, Said
from tests.helpers.browsers import headless_chromium
from tests.helpers.paths import REPO
from tests.icrm_models.analytics.test_report import fill

SHOTS = REPO / "var" / "screenshots"


def _more(engine: Engine) -> None:
    """A week of varied traffic on top of :func:`fill`, so every chart has a shape."""
    rows = AnalyticsRows(engine)
    intents = ["order_status", "return_item", "invoice", "delivery_time", "greet", "cancel_order"]
    for n in range(60):
        at = DAY + timedelta(days=n % 7, hours=(n * 5) % 11 - 4, minutes=n)
        said = [Said(intents[(n + k) % 6], 0.35 + (n * 7 + k * 13) % 65 / 100) for k in range(3)]
        if n % 9 == 0:
            said.append(Said("nlu_fallback", 0.21, True))
        conv = rows.conversation(
            at,
            said,
            handoff_reason="asked" if n % 7 == 0 else None,
            active_form="return_form" if n % 11 == 0 else None,
            requested_slot="reason" if n % 11 == 0 else None,
        )
        if n % 4 == 0:
            steps: list[tuple[str, str | None]] = [("started", None), ("slot", "order_id")]
            if n % 8 == 0:
                steps += [("slot", "reason"), ("completed", None)]
            rows.form_steps(conv, "return_form", steps)
    customer, product = rows.customer(), rows.product()
    for n in range(6):
        rows.offer(customer, product, DAY + timedelta(days=n), model_version=f"v{n % 2 + 1}")
    rows.order(customer, product, DAY + timedelta(days=2))


def test_the_charts_render_offline(sqlite_engine: Engine, tmp_path: Path) -> None:
    fill(sqlite_engine)
    _more(sqlite_engine)
    out = tmp_path / "report.html"
    data = load(sqlite_engine, date(2026, 11, 1), date(2026, 11, 9), now=DAY + timedelta(days=20))
    summary = write_report(data, out)
    browser = headless_chromium(tmp_path / "profile", browser_log=True)
    try:
        browser.set_window_size(1280, 1000)
        browser.get(out.as_uri())
        rendered = 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            rendered = browser.execute_script(
                "return document.querySelectorAll('.plotly-graph-div .main-svg').length > 0 && "
                "[...document.querySelectorAll('.plotly-graph-div')]"
                ".filter(d => d.querySelector('.main-svg')).length"
            )
            if rendered == summary.charts:
                break
            time.sleep(0.5)
        assert rendered == summary.charts >= 10, "not every chart rendered"
        log = browser.get_log("browser")  # type: ignore[no-untyped-call]
        errors = [e for e in log if e["level"] == "SEVERE"]
        assert errors == [], errors
        text = browser.find_element("tag name", "body").text
        assert f"{percent(summary.kpis['containment'])}\nContainment" in text
        SHOTS.mkdir(parents=True, exist_ok=True)
        height = browser.execute_script("return document.body.scrollHeight")
        for n, top in enumerate(range(0, min(height, 9000), 1000), start=1):
            browser.execute_script(f"window.scrollTo(0, {top})")
            time.sleep(0.3)
            browser.save_screenshot(str(SHOTS / f"analytics-report-{n}.png"))
        # a period without conversations: a page that says so
        empty = tmp_path / "empty.html"
        write_report(load(sqlite_engine, date(2025, 1, 1), date(2025, 1, 31), now=DAY), empty)
        browser.get(empty.as_uri())
        assert (
            "No conversations between 2025-01-01 and 2025-01-31"
            in browser.find_element("tag name", "body").text
        )
        browser.execute_script("window.scrollTo(0, 0)")
        browser.save_screenshot(str(SHOTS / "analytics-report-empty.png"))
    finally:
        browser.quit()
