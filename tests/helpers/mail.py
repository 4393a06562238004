"""The shop's outbox in tests: what was queued, and the link a recipient would open."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.accounts.step_up_confirm import Confirmation, confirm_change
from icrm_models.db.schema import OutboxMessage
from icrm_models.mail.sending import render_for_sending
from tests.helpers.shop import AS_OF


def outbox(session: Session) -> list[OutboxMessage]:
    """Every queued message, oldest first (expired from the session so commits show)."""
    session.expire_all()
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def sent_token(session: Session, message_id: int) -> str:
    """The link token in the e-mail the sender gets for ``message_id`` (made at that moment)."""
    mail = render_for_sending(session, message_id=message_id, now=AS_OF)
    assert mail is not None
    return mail.body.split("?token=", 1)[1].split()[0]


def open_link(session: Session, message_id: int) -> Confirmation:
    """Send outbox message ``message_id`` and open the confirmation link in it, as its owner."""
    session.expire_all()
    token = sent_token(session, message_id)
    return confirm_change(session, token=token, now=AS_OF, shop_name="Luma").outcome
