"""The Python API for notebooks: every analytics metric as a pandas DataFrame.

>>> data = load(engine, date(2026, 11, 1), date(2026, 11, 30))  # doctest: +SKIP
>>> data.kpis()["containment"]  # doctest: +SKIP
0.71
>>> data.volume_by_day().plot(x="day", y="conversations")  # doctest: +SKIP

Nothing is read at :func:`load`: each method runs its own ``GROUP BY`` query when called, so a
notebook pays only for the metrics it asks for, and a million turns never sit in memory.
Definitions are in the metric modules' docstrings and docs/analytics.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from icrm_models.analytics import (
    metrics_agents,
    metrics_conversations,
    metrics_forms,
    metrics_health,
    metrics_nlu,
    metrics_offers,
)
from icrm_models.analytics.metrics_sql import Period, Scope, ratio
from icrm_models.analytics.outcomes import DECIDED, IDLE_TIMEOUT, Outcome, check_idle_timeout


@dataclass
class AnalyticsData:
    """The analytics of one period, as DataFrames computed on demand.

    ``segments`` maps customer id → segment name for :meth:`offer_funnel` (see
    :func:`~icrm_models.analytics.metrics_offers.promoted_segments`).
    """

    scope: Scope
    purchase_days: int = metrics_offers.PURCHASE_DAYS
    segments: pd.Series | None = None
    _offers: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def period(self) -> Period:
        """The period covered."""
        return self.scope.period

    def outcomes(self) -> pd.DataFrame:
        """Conversations per outcome and their share of the decided ones."""
        return metrics_conversations.outcomes(self.scope)

    def containment(self) -> pd.DataFrame:
        """The same table as :meth:`outcomes`: containment is the ``contained`` row's share."""
        return self.outcomes()

    def volume_by_day(self) -> pd.DataFrame:
        """Conversations (per outcome) and customer messages per day."""
        return metrics_conversations.volume_by_day(self.scope)

    def volume_by_hour(self) -> pd.DataFrame:
        """Conversations and customer messages per UTC hour of the day."""
        return metrics_conversations.volume_by_hour(self.scope)

    def volume_by_weekday_hour(self) -> pd.DataFrame:
        """Conversations started on a 7 (Monday first) × 24 (UTC hours) grid."""
        return metrics_conversations.volume_by_weekday_hour(self.scope)

    def handoffs(self) -> pd.DataFrame:
        """Handed-off conversations per reason."""
        return metrics_conversations.handoffs(self.scope)

    def abandonment(self) -> pd.DataFrame:
        """Abandoned conversations by kind, form and the slot asked for."""
        return metrics_conversations.abandonment(self.scope)

    def fallback_rate(self) -> pd.DataFrame:
        """Customer messages, fallbacks and their share per day."""
        return metrics_conversations.fallback_rate(self.scope)

    def intents(self) -> pd.DataFrame:
        """Customer messages per intent, with share, mean confidence and fallbacks."""
        return metrics_nlu.intents(self.scope)

    def intent_trend(self, freq: str = "week", top: int | None = 10) -> pd.DataFrame:
        """Messages per intent (columns) and day, week or month (index)."""
        return metrics_nlu.intent_trend(self.scope, freq, top)

    def confidence_histogram(self, bins: int = 20) -> pd.DataFrame:
        """Customer messages per NLU confidence bin."""
        return metrics_nlu.confidence_histogram(self.scope, bins)

    def form_funnels(self) -> pd.DataFrame:
        """Per form: started, each slot, completed, cancelled, left at which slot."""
        return metrics_forms.form_funnels(self.scope)

    def offers(self) -> pd.DataFrame:
        """One row per offer shown, with whether it was purchased in time (read once)."""
        if self._offers is None:
            self._offers = metrics_offers.offer_rows(self.scope, self.purchase_days)
        return self._offers

    def offer_funnel(self, by: str | None = "segment") -> pd.DataFrame:
        """Shown → accepted → purchased within ``purchase_days``, per segment or model version."""
        return metrics_offers.offer_funnel(self.offers(), by, self.segments)

    def csat(self) -> pd.DataFrame:
        """Ratings 1–5 of the handed-off conversations."""
        return metrics_agents.csat(self.scope)

    def agent_times(self) -> pd.DataFrame:
        """Wait for an agent, first response and resolution time: median, p90, mean (s)."""
        return metrics_agents.agent_times(self.scope)

    def resolutions(self) -> pd.DataFrame:
        """Handoff cases per status and resolution."""
        return metrics_agents.resolutions(self.scope)

    def rejects(self) -> pd.DataFrame:
        """Events the ingest rejected in the period, per source and reason."""
        return metrics_health.rejects(self.scope)

    def ingest_runs(self, last: int = 10) -> pd.DataFrame:
        """The latest ingest passes."""
        return metrics_health.ingest_runs(self.scope, last)

    def kpis(self) -> dict[str, Any]:
        """The headline figures: conversations, rates (0–1), CSAT (0–100), times (s).

        A rate is None when its denominator is zero (no decided conversation, no message).
        """
        outcomes = self.outcomes().set_index("outcome")["conversations"]
        decided = int(outcomes[[o.value for o in DECIDED]].sum())
        fallbacks = self.fallback_rate()
        messages = int(fallbacks["customer_messages"].sum())
        times = self.agent_times().set_index("metric")
        first = times.loc["first_response", "median_s"]
        summary = metrics_agents.csat_summary(self.scope)
        return {
            "conversations": int(outcomes.sum() - outcomes[Outcome.EMPTY.value]),
            "decided": decided,
            "ongoing": int(outcomes[Outcome.ONGOING.value]),
            "empty": int(outcomes[Outcome.EMPTY.value]),
            "containment": ratio(int(outcomes[Outcome.CONTAINED.value]), decided),
            "handoff_rate": ratio(int(outcomes[Outcome.HANDED_OFF.value]), decided),
            "abandonment": ratio(int(outcomes[Outcome.ABANDONED.value]), decided),
            "customer_messages": messages,
            "fallback_rate": ratio(int(fallbacks["fallbacks"].sum()), messages),
            "csat": summary["csat"],
            "csat_responses": summary["responses"],
            "csat_response_rate": summary["response_rate"],
            "median_first_response_s": None if pd.isna(first) else float(first),
        }


def _start(day: date | datetime) -> datetime:
    if isinstance(day, datetime):
        if day.tzinfo is None:
            raise ValueError(f"naive datetime {day!r}: pass a timezone-aware one or a date")
        return day
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC)


def load(
    engine: Engine,
    since: date | datetime,
    until: date | datetime | None = None,
    *,
    now: datetime | None = None,
    idle_timeout: timedelta = IDLE_TIMEOUT,
    purchase_days: int = metrics_offers.PURCHASE_DAYS,
    segments: pd.Series | None = None,
) -> AnalyticsData:
    """The analytics of ``since`` … ``until`` on ``engine`` (nothing is read yet).

    Dates include their whole (UTC) day, both ``since`` and ``until``; datetimes are exact
    and ``until`` is then excluded. ``until`` defaults to ``now``; ``now`` (default: the
    clock) decides which conversations are still ongoing (quiet for less than
    ``idle_timeout``).
    """
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware `now`")
    check_idle_timeout(idle_timeout)
    if purchase_days < 0:
        raise ValueError(f"purchase_days must be 0 or more, not {purchase_days}")
    start = _start(since)
    if until is None:
        end = moment
    elif isinstance(until, datetime):
        end = _start(until)
    else:
        end = _start(until + timedelta(days=1))
    scope = Scope(engine=engine, period=Period(start, end), cutoff=moment - idle_timeout)
    return AnalyticsData(scope=scope, purchase_days=purchase_days, segments=segments)
