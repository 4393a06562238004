"""Erasing a customer from the conversation analytics (issue 19).

The analytics tables are a redacted copy of Rasa's tracker store, but a redacted conversation
is still the person's conversation (what they asked, when, their rating). An erasure deletes
every analytics conversation of the customer (``customer_id``) and of the conversations the
erasure found to be theirs, by Rasa's sender id: all sessions of such a sender go, also a
guest's sessions before the person was identified, with their turns, form steps and rejected
events. The bookkeeping of the ingest (bookmarks, runs) holds counts
and ids of Rasa's rows only.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, delete, false, or_, select
from sqlalchemy.orm import Session

from icrm_models.db.tables.analytics import (
    AnalyticsConversation,
    AnalyticsFormStep,
    AnalyticsReject,
    AnalyticsTurn,
)

ANALYTICS_TABLE_POLICY: dict[str, str] = {
    "analytics_conversations": "deleted: the customer's, and every one of their conversations",
    "analytics_turns": "deleted with their conversations",
    "analytics_form_steps": "deleted with their conversations",
    "analytics_rejects": "deleted when of one of their conversations",
    "analytics_bookmarks": "no customer data (how far the ingest read)",
    "analytics_ingest_runs": "no customer data (counts of events)",
}


def _count(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _in(column: Any, conversations: list[str]) -> ColumnElement[bool]:
    return column.in_(conversations) if conversations else false()


def forget_analytics(
    session: Session, customer_id: int, conversations: Collection[str]
) -> dict[str, int]:
    """Delete the customer's analytics rows; rows deleted per table. Adds to the session's
    transaction; the caller commits."""
    identified = select(AnalyticsConversation.conversation_id).where(
        AnalyticsConversation.customer_id == customer_id
    )
    ids = sorted(set(conversations) | set(session.scalars(identified.distinct())))
    theirs = or_(
        AnalyticsConversation.customer_id == customer_id,
        _in(AnalyticsConversation.conversation_id, ids),
    )
    leaving = select(AnalyticsConversation.id).where(theirs).scalar_subquery()
    done: dict[str, int] = {}
    for entity in (AnalyticsTurn, AnalyticsFormStep):
        rows = or_(entity.conversation_pk.in_(leaving), _in(entity.conversation_id, ids))
        done[entity.__tablename__] = _count(session.execute(delete(entity).where(rows)))
    done["analytics_rejects"] = _count(
        session.execute(delete(AnalyticsReject).where(_in(AnalyticsReject.conversation_id, ids)))
    )
    done["analytics_conversations"] = _count(
        session.execute(delete(AnalyticsConversation).where(theirs))
    )
    return done
