"""Canned replies: prepared answers an agent picks by shortcut and sends after a look.

A body may name ``{first_name}``, ``{order_id}`` and ``{agent_name}``. ``fill`` puts the
known values in and leaves a visible gap ("[order number]") for an unknown one, so the agent
sees what to type before sending, and a customer never reads "None" or a raw ``{placeholder}``.
"""

from __future__ import annotations

import re

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from icrm_models.db.tables.live import CannedReply

# placeholder -> the gap left when its value is unknown
GAPS = {
    "first_name": "[first name]",
    "order_id": "[order number]",
    "agent_name": "[your name]",
}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def canned_for(session: Session, team: str | None) -> list[CannedReply]:
    """The replies of ``team`` and those of every team (team null), by shortcut."""
    query = select(CannedReply).order_by(CannedReply.shortcut)
    if team is not None:
        query = query.where(or_(CannedReply.team.is_(None), CannedReply.team == team))
    return list(session.scalars(query))


def fill(
    body: str,
    *,
    first_name: str | None,
    order_id: str | int | None,
    agent_name: str | None,
) -> str:
    """``body`` with its placeholders replaced; unknown or empty values become visible gaps.

    >>> fill("Hi {first_name}, order {order_id}?", first_name="Roni", order_id=None,
    ...      agent_name=None)
    'Hi Roni, order [order number]?'

    An unknown placeholder (``{typo}``) is left as written, for the agent to see and fix.
    """
    values = {"first_name": first_name, "order_id": order_id, "agent_name": agent_name}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in GAPS:
            return match.group(0)
        value = values[name]
        text = "" if value is None else str(value).strip()
        return text or GAPS[name]

    return _PLACEHOLDER.sub(replace, body)


DEMO_REPLIES: tuple[tuple[str, str, str], ...] = (
    (
        "hello",
        "Greeting",
        "Hi {first_name}, this is {agent_name} from customer service. How can I help?",
    ),
    (
        "order",
        "Looking at an order",
        "Thanks, {first_name}. I'm looking at order {order_id} now, one moment please.",
    ),
    (
        "return",
        "Return instructions",
        "You can return the items of order {order_id} within 30 days. I'll e-mail you the "
        "return label.",
    ),
    (
        "wait",
        "Asking for a moment",
        "Let me check that for you, it may take a minute or two.",
    ),
    (
        "bye",
        "Closing",
        "Is there anything else I can do for you? If not, I'll hand you back to our assistant. "
        "Have a nice day, {first_name}!",
    ),
)


def seed_canned_replies(session: Session) -> int:
    """Add the demo replies whose shortcut is not taken yet; returns how many were added."""
    taken = set(session.scalars(select(CannedReply.shortcut)))
    added = [
        CannedReply(shortcut=shortcut, title=title, body=body, team=None)
        for shortcut, title, body in DEMO_REPLIES
        if shortcut not in taken
    ]
    session.add_all(added)
    session.flush()
    return len(added)
