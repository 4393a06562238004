"""Which conversations belong to a customer: recorded when they are identified, found for erasure.

Rasa's tracker store knows conversations only by their id. The shop's own tables note the
conversation beside the customer where something happened (behaviour events, tickets, offers,
outbox mail, consent changes), but a customer who only looked at an order leaves nothing there;
:func:`remember_conversation`, called by the action layer whenever a conversation speaks for a
customer, closes that gap (``customer_conversations``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, insert, literal, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

from icrm_models.db.schema import (
    BehaviourEvent,
    ConsentChange,
    Customer,
    CustomerConversation,
    Offer,
    OutboxMessage,
    SupportTicket,
)
from icrm_models.db.widths import column_width

# as wide as Rasa's events.sender_id
CONVERSATION_ID_MAX = column_width(CustomerConversation.conversation_id)


def remember_conversation(
    session: Session, *, customer_id: int, conversation_id: str, now: datetime
) -> None:
    """Record that ``conversation_id`` speaks for ``customer_id`` (idempotent), and commit.

    Cheap to call on every turn: a known pair is one read by primary key (no write lock). A new
    one is one statement, safe against a concurrent call: an insert that does nothing when the
    pair is known by then, or when the account is deleted (a stale token must not re-link the
    person).
    """
    conversation_id = conversation_id[:CONVERSATION_ID_MAX]
    if not conversation_id:
        return
    if session.get(CustomerConversation, (customer_id, conversation_id)) is not None:
        return
    table = CustomerConversation.__table__
    source = select(
        literal(customer_id),
        literal(conversation_id),
        literal(now, type_=table.c.first_seen.type),
    ).where(
        select(Customer.id)
        .where(Customer.id == customer_id, Customer.deleted_at.is_(None))
        .exists()
    )
    columns = ["customer_id", "conversation_id", "first_seen"]
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        session.execute(
            upsert(CustomerConversation).from_select(columns, source).on_conflict_do_nothing()
        )
    else:  # other databases: a concurrent duplicate fails on the primary key
        session.execute(insert(CustomerConversation).from_select(columns, source))
    session.commit()


def recorded_conversations(session: Session, *, customer_id: int, email: str) -> set[str]:
    """Every conversation the shop's tables tie to the customer (by id, or mail to ``email``)."""
    mailed = or_(
        OutboxMessage.customer_id == customer_id,
        func.lower(OutboxMessage.recipient) == email.lower(),
    )
    sources: list[tuple[InstrumentedAttribute[str | None], ColumnElement[bool]]] = [
        (BehaviourEvent.conversation_id, BehaviourEvent.customer_id == customer_id),
        (SupportTicket.conversation_id, SupportTicket.customer_id == customer_id),
        (Offer.conversation_id, Offer.customer_id == customer_id),
        (ConsentChange.conversation_id, ConsentChange.customer_id == customer_id),
        (OutboxMessage.conversation_id, mailed),
    ]
    found = set(
        session.scalars(
            select(CustomerConversation.conversation_id).where(
                CustomerConversation.customer_id == customer_id
            )
        )
    )
    for column, condition in sources:
        found.update(c for c in session.scalars(select(column).where(condition).distinct()) if c)
    return found
