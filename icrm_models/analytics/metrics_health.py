"""Ingest health: what the ingest could not read, and its last runs.

An analyst must know when the figures miss something: every event the ingest rejected is in
``analytics_rejects`` (counted here per reason, for the period), every pass in
``analytics_ingest_runs``.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import desc, func, select

from icrm_models.analytics.metrics_sql import Scope, frame
from icrm_models.db.tables.analytics import AnalyticsIngestRun, AnalyticsReject

RUN_COLUMNS = [
    "source",
    "started_at",
    "finished_at",
    "read",
    "stored",
    "skipped",
    "duplicates",
    "rejected",
]


def rejects(scope: Scope) -> pd.DataFrame:
    """Events rejected in the period per source and reason: ``source, reason, events``."""
    r = AnalyticsReject
    query = (
        select(r.source, r.reason, func.count())
        .where(r.at >= scope.period.start, r.at < scope.period.end)
        .group_by(r.source, r.reason)
    )
    table = frame(scope.engine, query, ["source", "reason", "events"])
    return table.sort_values("events", ascending=False).reset_index(drop=True)


def ingest_runs(scope: Scope, last: int = 10) -> pd.DataFrame:
    """The ``last`` ingest passes (any period: the latest is what matters), newest first."""
    r = AnalyticsIngestRun
    query = (
        select(
            r.source,
            r.started_at,
            r.finished_at,
            r.read,
            r.stored,
            r.skipped,
            r.duplicates,
            r.rejected,
        )
        .order_by(desc(r.started_at))
        .limit(last)
    )
    return frame(scope.engine, query, RUN_COLUMNS)
