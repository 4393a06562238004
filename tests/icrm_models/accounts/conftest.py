"""A seeded shop per test (12 customers as of ``AS_OF``) and a session on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import OutboxMessage
from icrm_models.mail.sending import render_for_sending
from icrm_models.seed.run import seed
from icrm_models.seed.synthetic import SeedConfig
from tests.conftest import AS_OF


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    seed(engine, SeedConfig(customers=12, as_of=AS_OF))
    with Session(engine) as session:
        yield session


def outbox(session: Session) -> list[OutboxMessage]:
    """Every queued message, oldest first (expired from the session so commits show)."""
    session.expire_all()
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def sent_token(session: Session, message_id: int) -> str:
    """The link token in the e-mail the sender gets for ``message_id`` (made at that moment)."""
    mail = render_for_sending(session, message_id=message_id, now=AS_OF)
    assert mail is not None
    return mail.body.split("?token=", 1)[1].split()[0]
