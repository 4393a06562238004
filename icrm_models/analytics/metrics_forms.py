"""Form funnels: started → each slot filled → completed, cancelled, or left at which slot.

Counted in conversations (a form started twice in one conversation counts once), over the
conversations that started in the period. A form *left* is one still active at the last event
of a conversation that has ended: ``abandoned`` when the customer went quiet, ``handed_off``
when a person took the conversation over mid-form; both name the slot the bot had asked for.

A conversation that *completed* a form counts as having passed each of its slots, so that no
slot shows fewer conversations than completed: a form can also complete without asking a slot
(the validation ends it early, e.g. an order that cannot be returned), and a slot the customer
gave before it was asked is filled in an event the ingest may not see as that slot's answer.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from icrm_models.analytics.metrics_sql import Scope, frame
from icrm_models.analytics.outcomes import Outcome, outcome_expression
from icrm_models.db.tables.analytics import AnalyticsConversation, AnalyticsFormStep

STEP_ORDER = {"started": 0, "slot": 1, "completed": 2, "cancelled": 3, "abandoned": 4}
LEFT = (Outcome.ABANDONED.value, Outcome.HANDED_OFF.value)
COLUMNS = ["form", "step", "slot", "conversations", "share", "filled"]


def form_funnels(scope: Scope) -> pd.DataFrame:
    """One row per form and step: ``form, step, slot, conversations, share, filled``.

    ``step`` is ``started``, ``slot`` (one row per slot, most passed first), ``completed``,
    ``cancelled``, ``abandoned`` or ``handed_off`` (one row per slot the form was left at);
    ``share`` is of the conversations that started the form. A slot's ``conversations`` are
    those that filled it or completed the form (see the module); ``filled`` only those in which
    the slot itself was filled (for the other steps it equals ``conversations``).
    """
    c, s = AnalyticsConversation, AnalyticsFormStep
    in_period = and_(c.started_at >= scope.period.start, c.started_at < scope.period.end)
    steps_query = (
        select(s.form, s.step, s.slot, func.count(func.distinct(s.conversation_pk)))
        .join(c, c.id == s.conversation_pk)
        .where(in_period, s.step != "slot")
        .group_by(s.form, s.step, s.slot)
    )
    slots = (
        select(s.form, s.slot)
        .join(c, c.id == s.conversation_pk)
        .where(in_period, s.step == "slot")
        .distinct()
        .subquery("slots")
    )
    passed = aliased(AnalyticsFormStep, name="passed")
    slots_query = (
        select(
            slots.c.form,
            literal("slot"),
            slots.c.slot,
            func.count(func.distinct(passed.conversation_pk)),
            func.count(func.distinct(case((passed.step == "slot", passed.conversation_pk)))),
        )
        .join(passed, passed.form == slots.c.form)
        .join(c, c.id == passed.conversation_pk)
        .where(
            in_period,
            or_(
                and_(passed.step == "slot", passed.slot == slots.c.slot),
                passed.step == "completed",
            ),
        )
        .group_by(slots.c.form, slots.c.slot)
    )
    columns = ["form", "step", "slot", "conversations"]
    steps = frame(scope.engine, steps_query, columns)
    slot_rows = frame(scope.engine, slots_query, [*columns, "filled"])
    if not slot_rows.empty:
        steps = pd.concat([steps, slot_rows], ignore_index=True) if not steps.empty else slot_rows
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
    if "filled" not in table.columns:
        table["filled"] = table["conversations"]
    table["filled"] = table["filled"].fillna(table["conversations"]).astype(int)
    started = (
        table[table["step"] == "started"].groupby("form")["conversations"].sum().rename("base")
    )
    table = table.join(started, on="form")
    table["share"] = (table["conversations"] / table["base"]).where(table["base"] > 0)
    table["order"] = table["step"].map(STEP_ORDER).fillna(len(STEP_ORDER))
    table = table.sort_values(
        ["form", "order", "conversations", "filled", "slot"],  # most answered slot first
        ascending=[True, True, False, False, True],
        na_position="first",
    )
    return table[COLUMNS].reset_index(drop=True)
