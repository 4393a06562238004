"""SQL views for notebooks and SQL clients: each conversation with its outcome, as of now.

``analytics_conversation_outcomes`` is ``analytics_conversations`` plus ``outcome`` (the rules
of :mod:`icrm_models.analytics.outcomes`, with the database's own clock as "now") and the
handoff case's times from ``live_cases``, so an analyst can write
``SELECT outcome, count(*) FROM analytics_conversation_outcomes GROUP BY outcome``.

The view is created by :func:`create_views`, not by a migration, because its body depends on
the idle timeout; creating it again replaces it (drop and create in one transaction), so it is
safe to call on every report.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, case, func, literal_column, select
from sqlalchemy.orm import aliased

from icrm_models.analytics.outcomes import (
    IDLE_TIMEOUT,
    Outcome,
    abandonment_kind_expression,
    check_idle_timeout,
    outcome_expression,
)
from icrm_models.db.tables.analytics import AnalyticsConversation
from icrm_models.db.tables.live import LiveCase

OUTCOMES_VIEW = "analytics_conversation_outcomes"


def _cutoff(engine: Engine, idle_timeout: timedelta) -> ColumnElement[Any]:
    """``now - idle_timeout`` in the database's clock, comparable with stored timestamps."""
    seconds = int(idle_timeout.total_seconds())
    if engine.dialect.name == "sqlite":
        # stored as 'YYYY-MM-DD HH:MM:SS.ffffff' UTC; datetime() writes the same layout
        return literal_column(f"datetime('now', '-{seconds} seconds')")
    return literal_column(f"(now() - interval '{seconds} seconds')")


def outcomes_view_query(engine: Engine, idle_timeout: timedelta = IDLE_TIMEOUT) -> str:
    """The ``SELECT`` behind the outcomes view, compiled for ``engine``'s dialect."""
    check_idle_timeout(idle_timeout)
    c, case_ = AnalyticsConversation, LiveCase
    outcome = outcome_expression(_cutoff(engine, idle_timeout))
    # the first handoff case of the conversation's sender queued during this session
    inner = aliased(LiveCase)
    first_case = (
        select(func.min(inner.id))
        .where(inner.conversation_id == c.conversation_id, inner.queued_at >= c.started_at)
        .correlate(c)
        .scalar_subquery()
    )
    query = (
        select(
            *c.__table__.columns,
            outcome.label("outcome"),
            case(
                (outcome == Outcome.ABANDONED.value, abandonment_kind_expression()), else_=None
            ).label("abandonment_kind"),
            case_.id.label("case_id"),
            case_.queued_at.label("case_queued_at"),
            case_.first_agent_reply_at.label("case_first_agent_reply_at"),
            case_.closed_at.label("case_closed_at"),
            case_.resolution.label("case_resolution"),
            case_.csat_score.label("case_csat_score"),
        )
        .select_from(c)
        .outerjoin(case_, case_.id == first_case)
    )
    compiled = query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
    return str(compiled)


def create_views(engine: Engine, idle_timeout: timedelta = IDLE_TIMEOUT) -> list[str]:
    """Create (or replace) the analytics views; returns their names."""
    body = outcomes_view_query(engine, idle_timeout)
    with engine.begin() as conn:
        # driver SQL: the compiled body is final, nothing in it is a bind parameter
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {OUTCOMES_VIEW}")
        conn.exec_driver_sql(f"CREATE VIEW {OUTCOMES_VIEW} AS {body}")
    return [OUTCOMES_VIEW]
