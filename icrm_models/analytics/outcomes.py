"""The outcome of a conversation at a given moment: ongoing, handed off, abandoned, contained.

An outcome is not stored (``analytics_conversations`` holds only facts) because it depends on
when one asks: a conversation whose customer went quiet a minute ago may still go on. The rules,
applied in this order, are the same in Python (:func:`outcome_of`, one conversation) and in SQL
(:func:`outcome_expression`, every conversation in one ``GROUP BY``):

1. ``empty`` — the customer never wrote (a session opened by the widget and left unused). It is
   no conversation an analyst would count; every rate leaves it out.
2. ``handed_off`` — the bot handed the conversation to a person (``handoff_at`` is set), however
   it ended, even if the agent handed it back. Rasa's *escalation*.
3. ``ongoing`` — the last event is less than ``idle_timeout`` (30 minutes) before ``now``: it is
   too early to call it. Rates leave these out too.
4. ``abandoned`` — the conversation went quiet while the customer was not helped: either a form
   was still active at its last event (the bot had asked for ``requested_slot`` and got no
   answer: Rasa's *abandonment*, "the last bot event is a question"), or the customer's last
   message was one the bot did not understand (a fallback) and the customer wrote nothing after.
5. ``contained`` — everything else: it ended without a human and without either sign of giving
   up. Stricter than Rasa's *containment*, which counts abandoned sessions as contained.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, case, literal, or_

from icrm_models.db.tables.analytics import AnalyticsConversation

IDLE_TIMEOUT = timedelta(minutes=30)  # silence after which a conversation has ended


class Outcome(StrEnum):
    """What became of a conversation (see the module docstring for the exact rules)."""

    EMPTY = "empty"
    HANDED_OFF = "handed_off"
    ONGOING = "ongoing"
    ABANDONED = "abandoned"
    CONTAINED = "contained"


# The outcomes a conversation can no longer leave: the denominators of every rate.
DECIDED = (Outcome.HANDED_OFF, Outcome.ABANDONED, Outcome.CONTAINED)


@dataclass(frozen=True)
class ConversationFacts:
    """The columns of ``analytics_conversations`` an outcome is computed from."""

    customer_turns: int
    last_event_at: datetime
    handoff_at: datetime | None
    active_form: str | None
    last_customer_at: datetime | None
    last_fallback_at: datetime | None

    @classmethod
    def of(cls, row: Any) -> ConversationFacts:
        """The facts of an :class:`AnalyticsConversation` (or any row with those attributes)."""
        return cls(
            customer_turns=row.customer_turns,
            last_event_at=row.last_event_at,
            handoff_at=row.handoff_at,
            active_form=row.active_form,
            last_customer_at=row.last_customer_at,
            last_fallback_at=row.last_fallback_at,
        )


def check_idle_timeout(idle_timeout: timedelta) -> timedelta:
    """``idle_timeout`` if positive; a clear error otherwise."""
    if idle_timeout <= timedelta(0):
        raise ValueError(f"the idle timeout must be positive, not {idle_timeout}")
    return idle_timeout


def outcome_of(
    facts: ConversationFacts, now: datetime, idle_timeout: timedelta = IDLE_TIMEOUT
) -> Outcome:
    """The outcome of one conversation at ``now`` (timezone-aware)."""
    check_idle_timeout(idle_timeout)
    if now.tzinfo is None:
        raise ValueError(f"naive datetime {now!r}: pass a timezone-aware `now`")
    if facts.customer_turns <= 0:
        return Outcome.EMPTY
    if facts.handoff_at is not None:
        return Outcome.HANDED_OFF
    if facts.last_event_at > now - idle_timeout:
        return Outcome.ONGOING
    left_after_fallback = (
        facts.last_fallback_at is not None
        and facts.last_customer_at is not None
        and facts.last_fallback_at >= facts.last_customer_at
    )
    if facts.active_form is not None or left_after_fallback:
        return Outcome.ABANDONED
    return Outcome.CONTAINED


def outcome_expression(cutoff: ColumnElement[Any] | datetime) -> ColumnElement[str]:
    """The outcome of each ``analytics_conversations`` row as a SQL ``CASE``.

    ``cutoff`` is ``now - idle_timeout``: a datetime (bound as a parameter), or a SQL
    expression such as the database's own clock (the view of :mod:`.views` uses that).
    """
    c = AnalyticsConversation
    bound = literal(cutoff, type_=c.last_event_at.type) if isinstance(cutoff, datetime) else cutoff
    left_after_fallback = and_(
        c.last_fallback_at.is_not(None),
        c.last_customer_at.is_not(None),
        c.last_fallback_at >= c.last_customer_at,
    )
    return case(
        (c.customer_turns <= 0, Outcome.EMPTY.value),
        (c.handoff_at.is_not(None), Outcome.HANDED_OFF.value),
        (c.last_event_at > bound, Outcome.ONGOING.value),
        (or_(c.active_form.is_not(None), left_after_fallback), Outcome.ABANDONED.value),
        else_=Outcome.CONTAINED.value,
    )


def abandonment_kind_expression() -> ColumnElement[str]:
    """Why an abandoned conversation counts as abandoned: ``mid_form`` or ``after_fallback``.

    A conversation left both mid-form and after a fallback is ``mid_form``: the form names
    where it happened, which is the more useful of the two to an analyst.
    """
    c = AnalyticsConversation
    return case((c.active_form.is_not(None), "mid_form"), else_="after_fallback")
