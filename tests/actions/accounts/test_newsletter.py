import pytest
from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from actions.accounts.messages import (
    ALREADY_SUBSCRIBED,
    ALREADY_UNSUBSCRIBED,
    NOT_VERIFIED,
    STATUS_SUBSCRIBED,
    STATUS_UNSUBSCRIBED,
    SUBSCRIBED,
    UNSUBSCRIBED,
)
from actions.accounts.newsletter import ActionNewsletterSubscription
from actions.errors import UNAVAILABLE
from icrm_models.db.schema import BehaviourEvent
from tests.helpers.database import break_database
from tests.helpers.identity import proof_for, token_for
from tests.helpers.records import chat_consent_changes, customer
from tests.helpers.runs import run_action
from tests.helpers.shop import AS_OF, shop_clock
from tests.helpers.trackers import build_tracker, user_event


def _asked(text: str, token: str | None) -> Tracker:
    return build_tracker(text, "newsletter_subscription", token=token)


def _newsletter_events(db: Session) -> list[BehaviourEvent]:
    db.expire_all()
    return list(db.query(BehaviourEvent).filter(BehaviourEvent.event_type.like("newsletter%")))


async def test_subscribing_records_the_consent(db: Session) -> None:
    events, texts = await run_action(
        ActionNewsletterSubscription(shop_clock),
        _asked("subscribe me to the newsletter", token_for(1)),
    )
    assert texts == [SUBSCRIBED]
    assert events == []
    assert customer(db, 1).newsletter_consent
    [change] = chat_consent_changes(db)
    assert (
        change.customer_id,
        change.consent,
        change.granted,
        change.conversation_id,
        change.changed_at,
    ) == (
        1,
        "newsletter",
        True,
        "conv-test",
        AS_OF,
    )
    [event] = _newsletter_events(db)
    assert (event.customer_id, event.event_type, event.conversation_id) == (
        1,
        "newsletter_subscribed",
        "conv-test",
    )


@pytest.mark.parametrize(
    "text", ["unsubscribe me", "stop sending me emails", "no more newsletters please"]
)
async def test_unsubscribing(db: Session, text: str) -> None:
    _, texts = await run_action(
        ActionNewsletterSubscription(shop_clock), _asked(text, token_for(2))
    )
    assert texts == [UNSUBSCRIBED]
    assert not customer(db, 2).newsletter_consent
    assert [c.granted for c in chat_consent_changes(db)] == [False]


@pytest.mark.parametrize(
    ("text", "customer_id", "answer"),
    [("subscribe me", 2, ALREADY_SUBSCRIBED), ("unsubscribe me", 1, ALREADY_UNSUBSCRIBED)],
)
async def test_already_in_that_state_records_nothing(
    db: Session, text: str, customer_id: int, answer: str
) -> None:
    _, texts = await run_action(
        ActionNewsletterSubscription(shop_clock), _asked(text, token_for(customer_id))
    )
    assert texts == [answer]
    assert chat_consent_changes(db) == [] and _newsletter_events(db) == []


async def test_asking_whether_subscribed_changes_nothing(db: Session) -> None:
    _, on = await run_action(
        ActionNewsletterSubscription(shop_clock),
        _asked("am I subscribed to your newsletter?", token_for(2)),
    )
    _, off = await run_action(
        ActionNewsletterSubscription(shop_clock),
        _asked("am I subscribed to your newsletter?", token_for(1)),
    )
    assert (on, off) == ([STATUS_SUBSCRIBED], [STATUS_UNSUBSCRIBED])
    assert chat_consent_changes(db) == []


async def test_the_wish_comes_from_the_request_before_the_identity_questions(db: Session) -> None:
    """After e-mail and order number were asked, the newest message is the order number."""
    tracker = build_tracker(
        "10004",
        "inform",
        [{"entity": "order_id", "value": "10004"}],
        slots={"verified_customer_id": proof_for(2)},
        earlier=[
            user_event("please stop the newsletter", "newsletter_subscription"),
            user_event("veronica.costello@example.com", "inform"),
        ],
    )
    _, texts = await run_action(ActionNewsletterSubscription(shop_clock), tracker)
    assert texts == [UNSUBSCRIBED]
    assert not customer(db, 2).newsletter_consent


@pytest.mark.parametrize("token", [None, "forged.token"])
async def test_without_a_valid_identity_nothing_changes(db: Session, token: str | None) -> None:
    events, texts = await run_action(
        ActionNewsletterSubscription(shop_clock), _asked("subscribe me", token)
    )
    assert texts == [NOT_VERIFIED]
    assert events == []
    assert not customer(db, 1).newsletter_consent and chat_consent_changes(db) == []


@pytest.mark.parametrize(
    "text", ["x" * 10_000, "\x00", "'; DELETE FROM consent_changes; --", "🙂", "\u202eunsubscribe"]
)
async def test_strange_messages_get_a_polite_answer(db: Session, text: str) -> None:
    _, texts = await run_action(
        ActionNewsletterSubscription(shop_clock), _asked(text, token_for(2))
    )
    assert len(texts) == 1 and texts[0] in (ALREADY_SUBSCRIBED, UNSUBSCRIBED)


async def test_a_database_failure_becomes_an_honest_message(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_database(monkeypatch, "actions.accounts.newsletter")
    events, texts = await run_action(
        ActionNewsletterSubscription(shop_clock), _asked("subscribe me", token_for(1))
    )
    assert (events, texts) == ([], [UNAVAILABLE])
