"""The sender's contract: links are made when sent, only their hash is kept, and they work once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from icrm_models.accounts.deletion import delete_account
from icrm_models.accounts.links import redeem_link, token_digest
from icrm_models.accounts.outbox import LINK_PLACEHOLDER, LINK_VALID_FOR, SHOP_URL
from icrm_models.accounts.password_reset import request_password_reset
from icrm_models.accounts.signup import request_signup
from icrm_models.db.schema import AccountLink, OutboxMessage
from icrm_models.mail.sending import mark_sent, queued_message_ids, render_for_sending
from icrm_models.privacy.erased import ERASED_RECIPIENT
from tests.helpers.cells import columns_mentioning
from tests.helpers.mail import outbox, sent_token
from tests.helpers.shop import AS_OF

RESET = ("password_reset_link",)


def test_no_table_holds_a_token_that_opens_a_live_link(session: Session, engine: Engine) -> None:
    request_signup(session, email="new.person@example.org", now=AS_OF)
    request_password_reset(session, email="veronica.costello@example.com", now=AS_OF)
    tokens = []
    for message_id in queued_message_ids(session):
        tokens.append(sent_token(session, message_id))
        mark_sent(session, message_id=message_id, now=AS_OF)
    for token in tokens:
        assert columns_mentioning(engine, token) == set()
    digests = set(session.scalars(select(AccountLink.token_sha256)))
    assert digests == {token_digest(t) for t in tokens}


def test_the_stored_body_has_the_placeholder_and_the_sent_one_the_link(session: Session) -> None:
    request_password_reset(session, email="veronica.costello@example.com", now=AS_OF)
    [message] = outbox(session)
    mail = render_for_sending(session, message_id=message.id, now=AS_OF)
    assert mail is not None and mail.recipient == "veronica.costello@example.com"
    token = mail.body.split("?token=", 1)[1].split()[0]
    link = f"{SHOP_URL}/customer/account/createPassword/?token={token}"
    assert mail.body == message.body.replace(LINK_PLACEHOLDER, link) != message.body
    [link] = session.scalars(select(AccountLink))
    assert (link.purpose, link.customer_id, link.outbox_id) == (RESET[0], 2, message.id)
    assert link.expires_at == AS_OF + LINK_VALID_FOR


def test_a_link_opens_once_for_its_purpose_before_it_expires(session: Session) -> None:
    request_password_reset(session, email="veronica.costello@example.com", now=AS_OF)
    token = sent_token(session, outbox(session)[0].id)
    assert redeem_link(session, token=token, purposes=("account_signup_link",), now=AS_OF) is None
    assert redeem_link(session, token=token + "x", purposes=RESET, now=AS_OF) is None
    late = AS_OF + LINK_VALID_FOR
    assert redeem_link(session, token=token, purposes=RESET, now=late) is None
    link = redeem_link(session, token=token, purposes=RESET, now=AS_OF + timedelta(minutes=5))
    assert link is not None and link.customer_id == 2
    assert redeem_link(session, token=token, purposes=RESET, now=AS_OF) is None


def test_a_retried_delivery_revokes_the_earlier_link(session: Session) -> None:
    request_password_reset(session, email="veronica.costello@example.com", now=AS_OF)
    message_id = outbox(session)[0].id
    first, second = sent_token(session, message_id), sent_token(session, message_id)
    assert first != second
    assert redeem_link(session, token=first, purposes=RESET, now=AS_OF) is None
    assert redeem_link(session, token=second, purposes=RESET, now=AS_OF) is not None


def test_only_queued_messages_are_rendered(session: Session) -> None:
    request_signup(session, email="a.b@example.org", now=AS_OF)
    message_id = outbox(session)[0].id
    mark_sent(session, message_id=message_id, now=AS_OF)
    assert render_for_sending(session, message_id=message_id, now=AS_OF) is None
    assert queued_message_ids(session) == []


def test_the_deletion_confirmation_forgets_its_recipient_once_sent(session: Session) -> None:
    delete_account(session, customer_id=2, now=AS_OF, conversation_id="conv-7")
    [message] = outbox(session)
    mail = render_for_sending(session, message_id=message.id, now=AS_OF)
    assert mail is not None and mail.recipient == "veronica.costello@example.com"
    assert "Veronica Costello" in mail.body
    mark_sent(session, message_id=message.id, now=AS_OF)
    session.expire_all()
    sent = session.get(OutboxMessage, message.id)
    assert sent is not None and (sent.status, sent.sent_at) == ("sent", AS_OF)
    assert (sent.recipient, sent.customer_id, sent.conversation_id) == (
        ERASED_RECIPIENT,
        None,
        None,
    )
    assert "Veronica" not in sent.body and sent.payload == {}
