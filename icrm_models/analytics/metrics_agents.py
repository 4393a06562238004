"""What happens after a handoff: agents' response and resolution times, resolutions, CSAT.

Read from the agent console's ``live_cases`` (one row per handoff), for the cases *queued* in
the period. Following Chatwoot's reports, with one difference each, said in docs/analytics.md:

- *first response time*: the first agent reply − the handoff (Chatwoot: − the conversation's
  start; the minutes the customer spent with the bot were no wait for a person);
- *resolution time*: the case's close − the handoff (Chatwoot: resolved − created);
- *CSAT*: ratings of 4 or 5 ÷ ratings × 100; *response rate*: ratings ÷ closed cases (every
  closed case is asked for one).

Times are in seconds; median and 90th percentile, as Chatwoot shows them, plus the mean.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import ColumnElement, and_, func, select

from icrm_models.analytics.metrics_sql import Scope, frame, ratio, share
from icrm_models.db.tables.live import LiveCase

SATISFIED = 4  # ratings from here up are "satisfied" (Chatwoot: the two best of five)
TIME_COLUMNS = ["metric", "cases", "median_s", "p90_s", "mean_s"]
TIMES = {
    "wait_for_agent": ("queued_at", "assigned_at"),
    "first_response": ("queued_at", "first_agent_reply_at"),
    "resolution": ("queued_at", "closed_at"),
}


def _queued_in(scope: Scope) -> ColumnElement[bool]:
    c = LiveCase
    return and_(c.queued_at >= scope.period.start, c.queued_at < scope.period.end)


def case_times(scope: Scope) -> pd.DataFrame:
    """One row per case queued in the period, with its timestamps (for the time metrics)."""
    c = LiveCase
    columns = ["queued_at", "assigned_at", "first_agent_reply_at", "closed_at"]
    query = select(c.queued_at, c.assigned_at, c.first_agent_reply_at, c.closed_at).where(
        _queued_in(scope)
    )
    table = frame(scope.engine, query, columns)
    for name in columns:
        table[name] = pd.to_datetime(table[name], utc=True)
    return table


def agent_times(scope: Scope) -> pd.DataFrame:
    """Per metric (``wait_for_agent``, ``first_response``, ``resolution``): cases measured,
    median, 90th percentile and mean in seconds (NaN when no case has the metric)."""
    cases = case_times(scope)
    rows = []
    for metric, (start, end) in TIMES.items():
        seconds = (cases[end] - cases[start]).dt.total_seconds().dropna()
        seconds = seconds[seconds >= 0]  # a clock step backwards is no negative wait
        rows.append(
            {
                "metric": metric,
                "cases": len(seconds),
                "median_s": seconds.median() if len(seconds) else float("nan"),
                "p90_s": seconds.quantile(0.9) if len(seconds) else float("nan"),
                "mean_s": seconds.mean() if len(seconds) else float("nan"),
            }
        )
    return pd.DataFrame(rows, columns=TIME_COLUMNS)


def resolutions(scope: Scope) -> pd.DataFrame:
    """Cases per status and resolution: ``status, resolution, cases`` (resolution ``-`` open)."""
    c = LiveCase
    query = (
        select(c.status, c.resolution, func.count())
        .where(_queued_in(scope))
        .group_by(c.status, c.resolution)
    )
    table = frame(scope.engine, query, ["status", "resolution", "cases"])
    table["status"] = [str(s) for s in table["status"]]
    table["resolution"] = ["-" if pd.isna(r) else str(r) for r in table["resolution"]]
    return table.sort_values("cases", ascending=False).reset_index(drop=True)


def csat(scope: Scope) -> pd.DataFrame:
    """Ratings 1–5 of the cases queued in the period: ``score, responses, share``."""
    c = LiveCase
    query = (
        select(c.csat_score, func.count())
        .where(_queued_in(scope), c.csat_score.is_not(None))
        .group_by(c.csat_score)
    )
    counts = frame(scope.engine, query, ["score", "responses"]).set_index("score")
    table = counts.reindex(range(1, 6), fill_value=0).astype(int)
    table.index.name = "score"
    table["share"] = share(table["responses"], float(table["responses"].sum()))
    return table.reset_index()


def csat_summary(scope: Scope) -> dict[str, float | int | None]:
    """CSAT (% satisfied of the ratings), ratings, closed cases and the response rate."""
    ratings = csat(scope)
    responses = int(ratings["responses"].sum())
    satisfied = int(ratings.loc[ratings["score"] >= SATISFIED, "responses"].sum())
    c = LiveCase
    closed_query = select(func.count()).where(
        _queued_in(scope),
        c.closed_at.is_not(None),
    )
    with scope.engine.connect() as conn:
        closed = int(conn.execute(closed_query).scalar_one())
    score = ratio(satisfied, responses)
    rate = ratio(responses, closed)
    return {
        "csat": None if score is None else 100 * score,
        "responses": responses,
        "closed_cases": closed,
        "response_rate": rate,
    }
