"""``icrm analytics report``: the conversation analytics of a period as one HTML file."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from icrm_models.analytics.frames import load
from icrm_models.analytics.metrics_offers import PURCHASE_DAYS, promoted_segments
from icrm_models.analytics.report import STEPS, write_report
from icrm_models.analytics.report_html import duration, percent
from icrm_models.analytics.views import create_views
from icrm_models.cli.console import console, print_table, progress_bar
from icrm_models.cli.errors import CliError
from icrm_models.db.engine import make_engine
from icrm_models.db.migrate import upgrade
from icrm_models.settings import get_settings


def _day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CliError(f"{option} {value!r} is not a date YYYY-MM-DD") from None


def report_command(
    since: Annotated[str, typer.Option(help="First day of the period, YYYY-MM-DD (UTC).")],
    out: Annotated[Path, typer.Option(help="The HTML file to write.")] = Path("report.html"),
    until: Annotated[
        str | None, typer.Option(help="Last day of the period, included (default: today).")
    ] = None,
    idle_minutes: Annotated[
        int, typer.Option(min=1, help="Quiet minutes after which a conversation has ended.")
    ] = 30,
    purchase_days: Annotated[
        int, typer.Option(min=0, help="Days after an offer in which a purchase counts.")
    ] = PURCHASE_DAYS,
) -> None:
    """Write the conversation analytics of --since … --until as one self-contained HTML page.

    The page (charts work offline) has the headline KPIs, volume, containment, handoffs,
    abandonment, fallbacks, intents, form and offer funnels, agent times, CSAT and the
    ingest's health. Also (re)creates the SQL view analytics_conversation_outcomes.
    """
    first = _day(since, "--since")
    now = datetime.now(UTC)
    last = _day(until, "--until") if until else now.date()
    if last < first:
        raise CliError(f"--until {last} is before --since {first}")
    settings = get_settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade(engine)
        create_views(engine, timedelta(minutes=idle_minutes))
        with console.status("reading the promoted models' segments ..."):
            segments = promoted_segments(settings.resolved_registry_dir)
        data = load(
            engine,
            first,
            last,
            now=now,
            idle_timeout=timedelta(minutes=idle_minutes),
            purchase_days=purchase_days,
            segments=segments,
        )
        with progress_bar() as bar:
            task = bar.add_task("computing the metrics", total=len(STEPS))
            summary = write_report(
                data,
                out,
                progress=lambda step: bar.update(task, advance=1, description=f"computed {step}"),
            )
    finally:
        engine.dispose()
    k = summary.kpis
    if summary.empty:
        console.print(f"no conversations between {first} and {last}: the page says so")
    print_table(
        f"Conversation analytics {first} – {last}",
        [
            ("conversations", k["conversations"]),
            ("containment", percent(k["containment"])),
            ("handoff rate", percent(k["handoff_rate"])),
            ("abandonment", percent(k["abandonment"])),
            ("fallback rate", percent(k["fallback_rate"])),
            ("CSAT", "–" if k["csat"] is None else f"{k['csat']:.0f} %"),
            ("median first response", duration(k["median_first_response_s"])),
        ],
        headers=("metric", "value"),
    )
    console.print(
        f"report written to {summary.path} ({summary.size_bytes / 1e6:.1f} MB, "
        f"{summary.charts} charts)"
    )
