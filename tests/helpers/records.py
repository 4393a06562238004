"""What the actions wrote to the test shop, read back for assertions."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import BehaviourEvent, ConsentChange, Customer, SupportTicket
from tests.helpers.shop import shop_session
from tests.helpers.trackers import SENDER

_Row = TypeVar("_Row")


def customer(session: Session, customer_id: int) -> Customer:
    """The customer as stored now (the session expired first, so commits show)."""
    session.expire_all()
    found = session.get(Customer, customer_id)
    assert found is not None
    return found


def chat_consent_changes(session: Session) -> list[ConsentChange]:
    """The consent changes made in a chat."""
    session.expire_all()
    return list(session.scalars(select(ConsentChange).where(ConsentChange.source == "chat")))


def _detached(url: str, statement: Select[_Row]) -> list[_Row]:
    """The rows ``statement`` selects, detached from their session (for assertions)."""
    with shop_session(url) as session:
        found = session.scalars(statement).all()
        session.expunge_all()
        return list(found)


def tickets(url: str, conversation_id: str = SENDER) -> list[SupportTicket]:
    """The tickets of a conversation, oldest first."""
    return _detached(
        url,
        select(SupportTicket)
        .where(SupportTicket.conversation_id == conversation_id)
        .order_by(SupportTicket.id),
    )


def behaviour(url: str, event_type: str) -> list[BehaviourEvent]:
    """The behaviour events of one type, oldest first."""
    return _detached(
        url,
        select(BehaviourEvent)
        .where(BehaviourEvent.event_type == event_type)
        .order_by(BehaviourEvent.id),
    )
