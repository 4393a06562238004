"""Which conversations are a customer's: remembered when identified, found from every table."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.accounts.deletion import delete_account
from icrm_models.accounts.password_reset import request_password_reset
from icrm_models.db.schema import BehaviourEvent, CustomerConversation
from icrm_models.privacy.conversations import recorded_conversations, remember_conversation
from tests.helpers.shop import AS_OF


def _remembered(session: Session) -> list[tuple[int, str]]:
    session.expire_all()
    return [
        (row.customer_id, row.conversation_id)
        for row in session.scalars(select(CustomerConversation).order_by("conversation_id"))
    ]


def test_a_conversation_is_remembered_once_with_when_it_was_first_seen(session: Session) -> None:
    remember_conversation(session, customer_id=1, conversation_id="c1", now=AS_OF)
    later = AS_OF + timedelta(minutes=5)
    remember_conversation(session, customer_id=1, conversation_id="c1", now=later)
    remember_conversation(session, customer_id=2, conversation_id="c1", now=later)  # shared device
    remember_conversation(session, customer_id=1, conversation_id="", now=later)
    assert _remembered(session) == [(1, "c1"), (2, "c1")]
    first = session.get(CustomerConversation, (1, "c1"))
    assert first is not None and first.first_seen == AS_OF


def test_a_deleted_or_unknown_customer_is_not_linked_again(session: Session) -> None:
    delete_account(session, customer_id=3, now=AS_OF)
    remember_conversation(session, customer_id=3, conversation_id="stale-token", now=AS_OF)
    remember_conversation(session, customer_id=99999, conversation_id="c9", now=AS_OF)
    assert _remembered(session) == []


def test_every_table_that_notes_a_conversation_is_asked(session: Session) -> None:
    remember_conversation(session, customer_id=2, conversation_id="looked-only", now=AS_OF)
    session.add(
        BehaviourEvent(
            customer_id=2, conversation_id="reviewed", event_type="review", occurred_at=AS_OF
        )
    )
    session.commit()
    request_password_reset(
        session, email="veronica.costello@example.com", now=AS_OF, conversation_id="reset"
    )
    found = recorded_conversations(session, customer_id=2, email="Veronica.Costello@example.com")
    assert {"looked-only", "reviewed", "reset"} <= found
    assert "looked-only" not in recorded_conversations(session, customer_id=1, email="x@y.org")
