from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from icrm_models.accounts.outbox import MAX_PER_HOUR, queue_account_email
from icrm_models.accounts.profile import EditResult, update_detail
from icrm_models.accounts.signup import request_signup
from tests.helpers.mail import outbox
from tests.helpers.shop import AS_OF


def test_an_unknown_template_is_refused(session: Session) -> None:
    with pytest.raises(ValueError, match="'spam'"):
        queue_account_email(session, template="spam", recipient="a@b.org", now=AS_OF)


def test_confirmations_to_the_customer_are_never_held_back(session: Session) -> None:
    for minute in range(MAX_PER_HOUR):
        request_signup(
            session, email="roni_cost@example.com", now=AS_OF + timedelta(minutes=minute)
        )
    result = update_detail(
        session, customer_id=1, field="email", value="roni@example.org", now=AS_OF
    )
    assert result is EditResult.UPDATED
    assert outbox(session)[-1].template == "account_email_changed"


def test_a_huge_value_cannot_overflow_the_body(session: Session) -> None:
    queue_account_email(
        session,
        template="account_email_changed",
        recipient="a@b.org",
        now=AS_OF,
        fields={"name": "A" * 5000, "new_email": "b@c.org"},
    )
    session.commit()
    assert len(outbox(session)[0].body) == 4000
