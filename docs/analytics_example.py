"""Conversation analytics from Python: load a period and print a few of its DataFrames.

    .venv/bin/python docs/analytics_example.py                # the last 30 days
    .venv/bin/python docs/analytics_example.py 2026-11-01 2026-11-30

Reads the database of the settings (ICRM_DATABASE_URL, default the embedded var/icrm.db) after
``icrm analytics ingest`` filled the analytics tables. In a notebook, the same calls return the
DataFrames to plot: ``data.volume_by_day().plot(x="day", y="conversations")``.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta

import pandas as pd

from icrm_models.analytics.frames import load
from icrm_models.analytics.metrics_offers import promoted_segments
from icrm_models.analytics.views import create_views
from icrm_models.db.engine import make_engine
from icrm_models.settings import get_settings


def main(argv: list[str]) -> None:
    """Print the KPIs and the main tables of the period given as ``[SINCE [UNTIL]]``."""
    today = datetime.now(UTC).date()
    since = date.fromisoformat(argv[0]) if argv else today - timedelta(days=30)
    until = date.fromisoformat(argv[1]) if len(argv) > 1 else today
    settings = get_settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        # the segments of the promoted customer models split the offer funnel (None: no models)
        segments = promoted_segments(settings.resolved_registry_dir)
        data = load(engine, since, until, segments=segments)
        pd.set_option("display.width", 120)
        print(f"Conversation analytics {since} – {until}\n")
        for name, value in data.kpis().items():
            print(f"  {name:26} {value}")
        print("\nOutcomes:\n", data.outcomes().to_string(index=False))
        print("\nTop intents:\n", data.intents().head(10).to_string(index=False))
        print("\nWhere customers gave up:\n", data.abandonment().to_string(index=False))
        print("\nForm funnels:\n", data.form_funnels().to_string(index=False))
        print("\nOffers by model version:\n", data.offer_funnel("model_version").to_string())
        print("\nAgent times (seconds):\n", data.agent_times().to_string(index=False))
        # the SQL view, for SQL clients: SELECT outcome, count(*) FROM ... GROUP BY outcome
        print("\nviews:", ", ".join(create_views(engine)))
    finally:
        engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1:])
