from sqlalchemy.orm import Session

from icrm_models.accounts.deletion import delete_account
from icrm_models.accounts.outbox import LINK_PLACEHOLDER
from icrm_models.accounts.password_reset import request_password_reset
from icrm_models.mail.sending import render_for_sending
from tests.helpers.mail import outbox
from tests.helpers.shop import AS_OF


def test_a_registered_address_gets_a_reset_link(session: Session) -> None:
    request_password_reset(
        session, email="veronica.costello@example.com", now=AS_OF, conversation_id="c"
    )
    [message] = outbox(session)
    assert message.template == "password_reset_link"
    assert message.recipient == "veronica.costello@example.com" and message.customer_id == 2
    assert message.conversation_id == "c"
    assert "Veronica Costello" in message.body and LINK_PLACEHOLDER in message.body
    mail = render_for_sending(session, message_id=message.id, now=AS_OF)
    assert mail is not None and "/customer/account/createPassword/?token=" in mail.body


def test_an_unknown_address_gets_nothing(session: Session) -> None:
    request_password_reset(session, email="nobody@example.org", now=AS_OF)
    assert outbox(session) == []


def test_a_deleted_account_gets_nothing(session: Session) -> None:
    delete_account(session, customer_id=3, now=AS_OF)
    before = len(outbox(session))
    request_password_reset(session, email="ahmed.malik@example.com", now=AS_OF)
    assert len(outbox(session)) == before
