import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.accounts.deletion import delete_account
from icrm_models.accounts.newsletter import (
    NewsletterResult,
    is_subscribed,
    newsletter_wish,
    set_newsletter,
)
from icrm_models.db.schema import BehaviourEvent, ConsentChange, Customer
from tests.helpers.shop import AS_OF


@pytest.mark.parametrize(
    ("text", "wish"),
    [
        ("subscribe me to the newsletter", "subscribe"),
        ("newsletter", "subscribe"),
        ("add me to your mailing list", "subscribe"),
        ("i want to opt in to the newsletter", "subscribe"),
        ("i'd like to resubscribe, I unsubscribed by accident", "subscribe"),
        ("unsubscribe me from the newsletter", "unsubscribe"),
        ("unsubscibe me", "unsubscribe"),
        ("stop sending me emails", "unsubscribe"),
        ("no more marketing emails please", "unsubscribe"),
        ("opt out of marketing", "unsubscribe"),
        ("please remove me from the mailing list", "unsubscribe"),
        ("I don't want promotional emails anymore", "unsubscribe"),
        ("cancel my newsletter subscription", "unsubscribe"),
        ("am I subscribed to your newsletter?", "status"),
        ("x" * 10_000, "subscribe"),
        (None, "subscribe"),
    ],
)
def test_the_wish_is_read_from_the_message(text: str | None, wish: str) -> None:
    assert newsletter_wish(text) == wish


def _evidence(
    session: Session, customer_id: int
) -> tuple[list[ConsentChange], list[BehaviourEvent]]:
    session.expire_all()
    changes = session.scalars(
        select(ConsentChange).where(
            ConsentChange.customer_id == customer_id, ConsentChange.source == "chat"
        )
    )
    events = session.scalars(
        select(BehaviourEvent).where(
            BehaviourEvent.customer_id == customer_id, BehaviourEvent.event_type.like("newsletter%")
        )
    )
    return list(changes), list(events)


def test_subscribing_records_consent_and_event(session: Session) -> None:
    result = set_newsletter(session, customer_id=1, subscribe=True, now=AS_OF, conversation_id="c3")
    assert result is NewsletterResult.CHANGED
    [change], [event] = _evidence(session, 1)
    assert (
        change.consent,
        change.granted,
        change.source,
        change.conversation_id,
        change.changed_at,
    ) == (
        "newsletter",
        True,
        "chat",
        "c3",
        AS_OF,
    )
    assert (event.event_type, event.conversation_id, event.occurred_at) == (
        "newsletter_subscribed",
        "c3",
        AS_OF,
    )
    assert session.get(Customer, 1).newsletter_consent  # type: ignore[union-attr]
    assert is_subscribed(session, customer_id=1) is True


def test_unsubscribing(session: Session) -> None:
    assert (
        set_newsletter(session, customer_id=2, subscribe=False, now=AS_OF)
        is NewsletterResult.CHANGED
    )
    [change], [event] = _evidence(session, 2)
    assert change.granted is False and event.event_type == "newsletter_unsubscribed"
    assert is_subscribed(session, customer_id=2) is False


def test_the_same_state_records_nothing(session: Session) -> None:
    assert (
        set_newsletter(session, customer_id=1, subscribe=False, now=AS_OF)
        is NewsletterResult.UNCHANGED
    )
    assert (
        set_newsletter(session, customer_id=2, subscribe=True, now=AS_OF)
        is NewsletterResult.UNCHANGED
    )
    assert _evidence(session, 1) == ([], []) and _evidence(session, 2) == ([], [])


def test_a_missing_or_deleted_account_is_not_found(session: Session) -> None:
    assert (
        set_newsletter(session, customer_id=9999, subscribe=True, now=AS_OF)
        is NewsletterResult.NOT_FOUND
    )
    delete_account(session, customer_id=1, now=AS_OF)
    assert (
        set_newsletter(session, customer_id=1, subscribe=True, now=AS_OF)
        is NewsletterResult.NOT_FOUND
    )
    assert is_subscribed(session, customer_id=1) is None
