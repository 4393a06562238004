from datetime import timedelta

from sqlalchemy.orm import Session

from icrm_models.accounts.deletion import delete_account
from icrm_models.accounts.outbox import LINK_PLACEHOLDER, LINK_VALID_FOR, MAX_PER_HOUR
from icrm_models.accounts.password_reset import request_password_reset
from icrm_models.accounts.signup import request_signup
from tests.helpers.mail import outbox, sent_token
from tests.helpers.shop import AS_OF


def test_a_free_address_gets_a_sign_up_link(session: Session) -> None:
    request_signup(session, email="new.person@example.org", now=AS_OF, conversation_id="c1")
    [message] = outbox(session)
    assert message.template == "account_signup_link"
    assert message.recipient == "new.person@example.org"
    assert message.status == "queued" and message.channel == "email"
    assert message.customer_id is None and message.conversation_id == "c1"
    assert message.payload["expires_at"] == (AS_OF + LINK_VALID_FOR).isoformat()
    assert LINK_PLACEHOLDER in message.body and "token" not in message.payload
    token = sent_token(session, message.id)
    assert len(token) >= 32


def test_a_registered_address_gets_the_already_registered_note_instead(session: Session) -> None:
    request_signup(session, email="roni_cost@example.com", now=AS_OF)
    [message] = outbox(session)
    assert message.template == "account_already_exists"
    assert message.recipient == "roni_cost@example.com" and message.customer_id == 1
    assert "already have" in message.body and LINK_PLACEHOLDER in message.body
    assert sent_token(session, message.id)


def test_the_address_is_compared_without_case(session: Session) -> None:
    request_signup(session, email="Roni_Cost@Example.COM", now=AS_OF)
    assert outbox(session)[0].template == "account_already_exists"


def test_each_request_gets_a_new_token(session: Session) -> None:
    request_signup(session, email="a.b@example.org", now=AS_OF)
    request_signup(session, email="a.b@example.org", now=AS_OF + timedelta(minutes=1))
    first, second = outbox(session)
    assert sent_token(session, first.id) != sent_token(session, second.id)


def test_at_most_a_few_emails_per_address_and_hour(session: Session) -> None:
    for minute in range(MAX_PER_HOUR + 2):
        request_signup(session, email="target@example.org", now=AS_OF + timedelta(minutes=minute))
    assert len(outbox(session)) == MAX_PER_HOUR
    # resets and sign-ups share the limit: someone typing a victim's address can't mail-bomb it
    request_password_reset(session, email="roni_cost@example.com", now=AS_OF)
    for minute in range(MAX_PER_HOUR):
        request_signup(
            session, email="roni_cost@example.com", now=AS_OF + timedelta(minutes=minute)
        )
    assert [m.recipient for m in outbox(session)].count("roni_cost@example.com") == MAX_PER_HOUR
    request_signup(session, email="target@example.org", now=AS_OF + timedelta(minutes=70))
    assert len(outbox(session)) == 2 * MAX_PER_HOUR + 1


def test_the_address_of_a_deleted_account_can_sign_up_again(session: Session) -> None:
    assert delete_account(session, customer_id=1, now=AS_OF)
    request_signup(session, email="roni_cost@example.com", now=AS_OF)
    assert outbox(session)[-1].template == "account_signup_link"
