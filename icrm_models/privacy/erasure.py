"""Erasing a customer from every store: one place that knows what each table keeps of a person.

:data:`TABLE_POLICY` names every table of the schema and what an erasure does to it; a test
fails when a table is added without a policy. What identifies the person goes: rows that exist
only because of them are deleted, and the books the shop must keep by law (orders, invoices,
payments, refunds) stay keyed by the customer's id but lose names, addresses and free text.

The person's conversations are those the shop's tables tie to them (see
:mod:`icrm_models.privacy.conversations`), the one the deletion was asked in, and any in which
their e-mail address was typed. In those, rows of nobody identified (a guest's) are theirs too;
rows of another identified customer stay, with the address cut out of their text.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, String, Table, and_, cast, delete, false, func, or_, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from icrm_models.db.schema import (
    AccountLink,
    Base,
    BehaviourEvent,
    Customer,
    CustomerConversation,
    Offer,
    Order,
    OutboxMessage,
    Return,
    SupportTicket,
    SyntheticTruth,
)
from icrm_models.privacy.analytics import ANALYTICS_TABLE_POLICY, forget_analytics
from icrm_models.privacy.conversations import recorded_conversations
from icrm_models.privacy.erased import DELETED_NAME, ERASED_TEXT, erased_email
from icrm_models.privacy.live_cases import LIVE_TABLE_POLICY, forget_live_cases
from icrm_models.privacy.tracker_store import (
    conversations_mentioning,
    forget_conversations,
    has_tracker_store,
    like_pattern,
)

logger = logging.getLogger(__name__)

KEPT_BOOKS = "kept by law, keyed by the customer's id"
TABLE_POLICY: dict[str, str] = {
    "customers": "kept as a tombstone: e-mail placeholder, name, address, city, country and "
    "external reference removed",
    "consent_changes": "kept: the evidence of consents given and withdrawn (ids and times)",
    "orders": f"{KEPT_BOOKS}; shipping addresses removed",
    "order_items": KEPT_BOOKS,
    "invoices": KEPT_BOOKS,
    "payments": KEPT_BOOKS,
    "refunds": KEPT_BOOKS,
    "returns": f"{KEPT_BOOKS} with their refunds; the free-text reason replaced",
    "shipments": "kept with their orders: carrier, tracking number, dates",
    "tracking_events": "kept: the carrier's scans (depots), nothing about the person",
    "products": "no personal data",
    "behaviour_events": "deleted (reviews, complaints, searches, offers' outcomes)",
    "offers": "deleted",
    "support_tickets": "deleted (their texts quote the person)",
    "synthetic_truth": "deleted",
    "outbox": "deleted, except the deletion confirmation, which forgets its recipient once sent",
    "account_links": "deleted",
    "customer_conversations": "deleted",
    "pending_account_changes": "deleted",
    "verification_failures": "kept: a keyed hash of an address someone tried, never the "
    "address; security records of tries that may not have been the person's",
    "events": "Rasa's tracker store: the person's conversations deleted, the newest session "
    "of each blanked (see icrm_models.privacy.tracker_store)",
    **LIVE_TABLE_POLICY,
    **ANALYTICS_TABLE_POLICY,
}


def _mentions(column: Any, email: str) -> ColumnElement[bool]:
    return func.lower(cast(column, String)).like(like_pattern(email), escape="\\")


def _theirs(
    customer_column: Any, conversation_column: Any, customer_id: int, conversations: list[str]
) -> ColumnElement[bool]:
    """Rows of the customer, and rows of nobody identified in the customer's conversations."""
    in_theirs = conversation_column.in_(conversations) if conversations else false()
    return or_(customer_column == customer_id, and_(customer_column.is_(None), in_theirs))


def _cut(text: str, email: str) -> str:
    return re.sub(re.escape(email), ERASED_TEXT, text, flags=re.IGNORECASE)


def _cut_json(value: Any, email: str) -> Any:
    return json.loads(_cut(json.dumps(value), json.dumps(email)[1:-1]))


def _count(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _forget_texts(
    session: Session, entity: Any, text: Any, customer_id: int, email: str, *, is_json: bool
) -> int:
    """Rows whose ``text`` quotes ``email``: deleted if a guest's, the address cut if another's."""
    mentioned = _mentions(text, email)
    removed = _count(
        session.execute(
            delete(entity).where(
                mentioned, or_(entity.customer_id.is_(None), entity.customer_id == customer_id)
            )
        )
    )
    for row in session.scalars(select(entity).where(mentioned)):
        current = getattr(row, text.key)
        setattr(row, text.key, _cut_json(current, email) if is_json else _cut(current, email))
    session.flush()
    return removed


def _delete_by_customer(session: Session, table_name: str, customer_id: int) -> int:
    """Delete a table's rows of the customer, if the schema has that table."""
    table = Base.metadata.tables.get(table_name)
    if not isinstance(table, Table):
        return 0
    return _count(session.execute(delete(table).where(table.c.customer_id == customer_id)))


def erase_customer(
    session: Session,
    customer: Customer,
    *,
    keep_outbox_ids: Collection[int] = (),
    conversation_id: str | None = None,
) -> dict[str, int]:
    """Erase ``customer`` from every store but the books; rows touched per store.

    ``keep_outbox_ids``: messages that must still go out (the deletion's own confirmation).
    ``conversation_id``: the conversation the erasure was asked in. Adds to the session's
    transaction; the caller commits.
    """
    cid, email = customer.id, customer.email.lower()
    found = recorded_conversations(session, customer_id=cid, email=email)
    found |= {conversation_id} if conversation_id else set()
    if has_tracker_store(session):
        found |= conversations_mentioning(session, email)
    conversations = sorted(found)
    # the console's cases point at support tickets: they go (or let go) first
    done: dict[str, int] = forget_live_cases(session, cid, email, conversations)

    for entity in (BehaviourEvent, SupportTicket, Offer):
        theirs = _theirs(entity.customer_id, entity.conversation_id, cid, conversations)
        done[entity.__tablename__] = _count(session.execute(delete(entity).where(theirs)))
    done["behaviour_events"] += _forget_texts(
        session, BehaviourEvent, BehaviourEvent.properties, cid, email, is_json=True
    )
    done["support_tickets"] += _forget_texts(
        session, SupportTicket, SupportTicket.summary, cid, email, is_json=False
    )
    # changes waiting for a link refer to the link's e-mail: they go before the outbox does
    done["pending_account_changes"] = _delete_by_customer(session, "pending_account_changes", cid)
    outbox = or_(
        _theirs(OutboxMessage.customer_id, OutboxMessage.conversation_id, cid, conversations),
        func.lower(OutboxMessage.recipient) == email,
    )
    if keep_outbox_ids:
        outbox = and_(outbox, OutboxMessage.id.not_in(list(keep_outbox_ids)))
    leaving = select(OutboxMessage.id).where(outbox).scalar_subquery()
    done["account_links"] = _count(
        session.execute(
            delete(AccountLink).where(
                or_(
                    AccountLink.customer_id == cid,
                    func.lower(AccountLink.recipient) == email,
                    AccountLink.outbox_id.in_(leaving),
                )
            )
        )
    )
    done["outbox"] = _count(session.execute(delete(OutboxMessage).where(outbox)))
    done["synthetic_truth"] = _count(
        session.execute(delete(SyntheticTruth).where(SyntheticTruth.customer_id == cid))
    )
    done["customer_conversations"] = _count(
        session.execute(delete(CustomerConversation).where(CustomerConversation.customer_id == cid))
    )
    done["orders"] = _count(
        session.execute(
            sql_update(Order).where(Order.customer_id == cid).values(shipping_address=None)
        )
    )
    done["returns"] = _count(
        session.execute(
            sql_update(Return).where(Return.customer_id == cid).values(reason=ERASED_TEXT)
        )
    )
    done["events"] = forget_conversations(session, conversations)
    done |= forget_analytics(session, cid, conversations)
    customer.email = erased_email(cid)
    customer.name = DELETED_NAME
    customer.address = customer.city = customer.country = customer.external_ref = None
    session.flush()
    return done
