"""Conversation metrics: volume, outcomes (containment), handoffs, abandonment, fallbacks.

A conversation belongs to the period in which it *started*; a message to the period in which it
was *sent*. Rates are over the *decided* conversations (contained + handed off + abandoned):
empty sessions (the customer never wrote) and ongoing ones are left out of every denominator.
Definitions and how they relate to Rasa's and Chatwoot's are in docs/analytics.md.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import ColumnElement, and_, case, func, select

from icrm_models.analytics.metrics_sql import (
    Scope,
    day_of,
    frame,
    hour_of,
    share,
    weekday_of,
)
from icrm_models.analytics.outcomes import (
    DECIDED,
    Outcome,
    abandonment_kind_expression,
    outcome_expression,
)
from icrm_models.db.tables.analytics import AnalyticsConversation, AnalyticsTurn

# the order tables show them in: the decided ones first, most wanted first
OUTCOMES = [
    Outcome.CONTAINED.value,
    Outcome.HANDED_OFF.value,
    Outcome.ABANDONED.value,
    Outcome.ONGOING.value,
    Outcome.EMPTY.value,
]


def _started_in(scope: Scope) -> ColumnElement[bool]:
    c = AnalyticsConversation
    return and_(c.started_at >= scope.period.start, c.started_at < scope.period.end)


def _customer_turns_in(scope: Scope) -> ColumnElement[bool]:
    t = AnalyticsTurn
    return and_(t.actor == "customer", t.at >= scope.period.start, t.at < scope.period.end)


def outcomes(scope: Scope) -> pd.DataFrame:
    """One row per outcome: ``outcome, conversations, share`` (share of the decided ones).

    ``share`` is NaN for ``empty`` and ``ongoing``, which are in no denominator.
    """
    outcome = outcome_expression(scope.cutoff).label("outcome")
    query = (
        select(outcome, func.count())
        .where(_started_in(scope))
        .group_by(outcome)
        .select_from(AnalyticsConversation)
    )
    counts = frame(scope.engine, query, ["outcome", "conversations"]).set_index("outcome")
    table = counts.reindex(OUTCOMES, fill_value=0).reset_index()
    table["conversations"] = table["conversations"].astype(int)
    decided = table["outcome"].isin([o.value for o in DECIDED])
    total = int(table.loc[decided, "conversations"].sum())
    table["share"] = share(table["conversations"], total).where(decided)
    return table


def volume_by_day(scope: Scope) -> pd.DataFrame:
    """Per day: conversations started (all, and per outcome) and customer messages sent."""
    c, t = AnalyticsConversation, AnalyticsTurn
    day = day_of(scope.engine, c.started_at).label("day")
    outcome = outcome_expression(scope.cutoff).label("outcome")
    query = select(day, outcome, func.count()).where(_started_in(scope)).group_by(day, outcome)
    started = frame(scope.engine, query, ["day", "outcome", "conversations"])
    wide = started.pivot_table(
        index="day", columns="outcome", values="conversations", aggfunc="sum", fill_value=0
    )
    days = [d.isoformat() for d in scope.period.days()]
    wide = wide.reindex(index=days, columns=OUTCOMES, fill_value=0)
    turn_day = day_of(scope.engine, t.at).label("day")
    messages = frame(
        scope.engine,
        select(turn_day, func.count()).where(_customer_turns_in(scope)).group_by(turn_day),
        ["day", "customer_messages"],
    ).set_index("day")
    result = wide.astype(int)
    result.insert(0, "conversations", result.sum(axis=1))
    result["customer_messages"] = messages["customer_messages"].reindex(days, fill_value=0)
    result.index.name = "day"
    result.columns.name = None
    out = result.reset_index()
    out["day"] = pd.to_datetime(out["day"])
    return out.astype({"customer_messages": int})


def volume_by_hour(scope: Scope) -> pd.DataFrame:
    """Per UTC hour of the day (0–23): conversations started and customer messages sent."""
    c, t = AnalyticsConversation, AnalyticsTurn
    hour = hour_of(scope.engine, c.started_at).label("hour")
    started = frame(
        scope.engine,
        select(hour, func.count()).where(_started_in(scope)).group_by(hour),
        ["hour", "conversations"],
    ).set_index("hour")
    turn_hour = hour_of(scope.engine, t.at).label("hour")
    messages = frame(
        scope.engine,
        select(turn_hour, func.count()).where(_customer_turns_in(scope)).group_by(turn_hour),
        ["hour", "customer_messages"],
    ).set_index("hour")
    hours = pd.Index(range(24), name="hour")
    return pd.DataFrame(
        {
            "conversations": started["conversations"].reindex(hours, fill_value=0).astype(int),
            "customer_messages": messages["customer_messages"]
            .reindex(hours, fill_value=0)
            .astype(int),
        },
        index=hours,
    ).reset_index()


def volume_by_weekday_hour(scope: Scope) -> pd.DataFrame:
    """Conversations started per weekday (0 = Monday) and UTC hour: a 7 × 24 grid."""
    c = AnalyticsConversation
    weekday = weekday_of(scope.engine, c.started_at).label("weekday")
    hour = hour_of(scope.engine, c.started_at).label("hour")
    counts = frame(
        scope.engine,
        select(weekday, hour, func.count()).where(_started_in(scope)).group_by(weekday, hour),
        ["weekday", "hour", "conversations"],
    )
    grid = counts.pivot_table(
        index="weekday", columns="hour", values="conversations", aggfunc="sum", fill_value=0
    )
    return grid.reindex(index=range(7), columns=range(24), fill_value=0).astype(int)


def handoffs(scope: Scope) -> pd.DataFrame:
    """Handed-off conversations per reason: ``reason, conversations, share`` (of handoffs).

    The reason is the one the bot gave when it handed off (``asked``, ``fallback``,
    ``escalation``, ``accepted_offer`` …); ``unknown`` when the ingest saw none.
    """
    c = AnalyticsConversation
    reason = func.coalesce(c.handoff_reason, "unknown").label("reason")
    query = (
        select(reason, func.count())
        .where(_started_in(scope), c.handoff_at.is_not(None), c.customer_turns > 0)
        .group_by(reason)
    )
    table = frame(scope.engine, query, ["reason", "conversations"])
    table = table.sort_values(["conversations", "reason"], ascending=[False, True])
    table["share"] = share(table["conversations"], float(table["conversations"].sum()))
    return table.reset_index(drop=True)


def abandonment(scope: Scope) -> pd.DataFrame:
    """Where customers gave up: ``kind, form, requested_slot, conversations, share``.

    ``kind`` is ``mid_form`` (with the form and the slot the bot had asked for) or
    ``after_fallback``; ``share`` is of all abandoned conversations.
    """
    c = AnalyticsConversation
    kind = abandonment_kind_expression().label("kind")
    abandoned = outcome_expression(scope.cutoff) == Outcome.ABANDONED.value
    query = (
        select(kind, c.active_form, c.requested_slot, func.count())
        .where(_started_in(scope), abandoned)
        .group_by(kind, c.active_form, c.requested_slot)
    )
    table = frame(scope.engine, query, ["kind", "form", "requested_slot", "conversations"])
    table = table.sort_values("conversations", ascending=False, kind="stable")
    table["share"] = share(table["conversations"], float(table["conversations"].sum()))
    return table.reset_index(drop=True)


def fallback_rate(scope: Scope) -> pd.DataFrame:
    """Per day: customer messages, those the bot did not understand, and their share."""
    t = AnalyticsTurn
    day = day_of(scope.engine, t.at).label("day")
    fallbacks = func.sum(case((t.fallback.is_(True), 1), else_=0)).label("fallbacks")
    query = select(day, func.count(), fallbacks).where(_customer_turns_in(scope)).group_by(day)
    table = frame(scope.engine, query, ["day", "customer_messages", "fallbacks"])
    days = [d.isoformat() for d in scope.period.days()]
    table = table.set_index("day").reindex(days, fill_value=0).astype(int)
    table["rate"] = share(table["fallbacks"], table["customer_messages"])
    table.index.name = "day"
    out = table.reset_index()
    out["day"] = pd.to_datetime(out["day"])
    return out
