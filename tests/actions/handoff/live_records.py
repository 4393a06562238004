"""The live-chat rows of the test shop: a queued case read back, an agent online in the console."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from icrm_models.db.tables.live import LiveCase
from icrm_models.live.agents import add_agent, set_presence
from tests.helpers.shop import shop_session
from tests.helpers.trackers import SENDER


def live_cases(url: str, conversation_id: str = SENDER) -> list[LiveCase]:
    """The live cases of a conversation, oldest first, detached for assertions."""
    with shop_session(url) as session:
        found = session.scalars(
            select(LiveCase)
            .where(LiveCase.conversation_id == conversation_id)
            .order_by(LiveCase.id)
        ).all()
        session.expunge_all()
        return list(found)


def online_agent(url: str, *, now: datetime, team: str = "support") -> int:
    """An agent of ``team`` who set themselves online in the console at ``now``; their id."""
    with shop_session(url) as session:
        agent = add_agent(
            session,
            email=f"anna.{team}@shop.test",
            display_name="Anna Berg",
            password="correct horse battery",
            role="agent",
            team=team,
            now=now,
        )
        set_presence(session, agent.id, "online", now=now)
        session.commit()
        return agent.id
