"""Form funnels: started → each slot filled → completed, cancelled, or left at which slot.

Counted in conversations (a form started twice in one conversation counts once), over the
conversations that started in the period. A form *left* is one still active at the last event
of a conversation that has ended: ``abandoned`` when the customer went quiet, ``handed_off``
when a person took the conversation over mid-form; both name the slot the bot had asked for.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, func, select

from icrm_models.analytics.metrics_sql import Scope, frame
from icrm_models.analytics.outcomes import Outcome, outcome_expression
from icrm_models.db.tables.analytics import AnalyticsConversation, AnalyticsFormStep

STEP_ORDER = {"started": 0, "slot": 1, "completed": 2, "cancelled": 3, "abandoned": 4}
LEFT = (Outcome.ABANDONED.value, Outcome.HANDED_OFF.value)
COLUMNS = ["form", "step", "slot", "conversations", "share"]


def form_funnels(scope: Scope) -> pd.DataFrame:
    """One row per form and step: ``form, step, slot, conversations, share``.

    ``step`` is ``started``, ``slot`` (one row per slot, most filled first), ``completed``,
    ``cancelled``, ``abandoned`` or ``handed_off`` (one row per slot the form was left at);
    ``share`` is of the conversations that started the form.
    """
    c, s = AnalyticsConversation, AnalyticsFormStep
    in_period = and_(c.started_at >= scope.period.start, c.started_at < scope.period.end)
    steps_query = (
        select(s.form, s.step, s.slot, func.count(func.distinct(s.conversation_pk)))
        .join(c, c.id == s.conversation_pk)
        .where(in_period)
        .group_by(s.form, s.step, s.slot)
    )
    steps = frame(scope.engine, steps_query, ["form", "step", "slot", "conversations"])
    outcome = outcome_expression(scope.cutoff).label("outcome")
    left_query = (
        select(c.active_form, outcome, c.requested_slot, func.count())
        .where(in_period, c.active_form.is_not(None))
        .group_by(c.active_form, outcome, c.requested_slot)
    )
    left = frame(scope.engine, left_query, ["form", "step", "slot", "conversations"])
    left = left[left["step"].isin(LEFT)]
    table = pd.concat([steps, left], ignore_index=True) if not left.empty else steps
    if table.empty:
        return pd.DataFrame(columns=COLUMNS)
    table["conversations"] = table["conversations"].astype(int)
    started = (
        table[table["step"] == "started"].groupby("form")["conversations"].sum().rename("base")
    )
    table = table.join(started, on="form")
    table["share"] = (table["conversations"] / table["base"]).where(table["base"] > 0)
    table["order"] = table["step"].map(STEP_ORDER).fillna(len(STEP_ORDER))
    table = table.sort_values(
        ["form", "order", "conversations", "slot"],
        ascending=[True, True, False, True],
        na_position="first",
    )
    return table[COLUMNS].reset_index(drop=True)
