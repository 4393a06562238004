"""Step-up: account changes that wait for a single-use link to the account's (or new) address."""

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from icrm_models.accounts.step_up import (
    CURRENT_EMAIL,
    MAX_LINKS_PER_HOUR,
    NEW_EMAIL,
    ChangeRequest,
    StepUpResult,
    account_deletion,
    default_address_change,
    detail_change,
    order_address_change,
    request_change,
)
from icrm_models.accounts.step_up_confirm import (
    Confirmation,
    confirm_change,
    describe_link,
)
from icrm_models.db.schema import Customer, Order, PendingAccountChange
from icrm_models.seed.demo import DEMO_ORDER_IDS
from tests.helpers.mail import outbox, sent_token
from tests.helpers.shop import AS_OF

RONI, VERONICA = 1, 2
PREPARING = DEMO_ORDER_IDS["processing"]  # Veronica's, not shipped
SHIPPED = DEMO_ORDER_IDS["in_transit"]  # Roni's
SHOP = "Luma"
NEW_ADDRESS = "Hauptstraße 5, 10115 Berlin"


def _customer(session: Session, customer_id: int) -> Customer:
    session.expire_all()
    found = session.get(Customer, customer_id)
    assert found is not None
    return found


def _confirm(
    session: Session, token: str, *, after: timedelta = timedelta(minutes=5)
) -> Confirmation:
    return confirm_change(session, token=token, now=AS_OF + after, shop_name=SHOP).outcome


def _request(
    session: Session, customer_id: int, change: ChangeRequest, *, confirm_at: str = CURRENT_EMAIL
) -> StepUpResult:
    return request_change(
        session,
        customer_id=customer_id,
        change=change,
        now=AS_OF,
        conversation_id="conv-g",
        confirm_at=confirm_at,
    )


def test_a_change_waits_for_the_link_sent_to_the_current_address(session: Session) -> None:
    assert _request(session, VERONICA, detail_change("name", "Veronica Cost")) is StepUpResult.SENT
    assert _customer(session, VERONICA).name == "Veronica Costello"  # nothing changed yet
    [mail] = outbox(session)
    assert (mail.template, mail.recipient) == (
        "account_change_confirm",
        "veronica.costello@example.com",
    )
    assert "change the name on your account to Veronica Cost" in mail.body
    assert "token=" not in mail.body  # the token exists only in the e-mail as sent
    token = sent_token(session, mail.id)
    assert describe_link(session, token=token, now=AS_OF) == (
        "change the name on your account to Veronica Cost"
    )
    assert _customer(session, VERONICA).name == "Veronica Costello"  # looking changes nothing
    assert _confirm(session, token) is Confirmation.APPLIED
    assert _customer(session, VERONICA).name == "Veronica Cost"


def test_a_link_works_once(session: Session) -> None:
    _request(session, VERONICA, default_address_change(NEW_ADDRESS, "Berlin", None))
    token = sent_token(session, outbox(session)[0].id)
    assert _confirm(session, token) is Confirmation.APPLIED
    customer = _customer(session, VERONICA)
    assert (customer.address, customer.city) == (NEW_ADDRESS, "Berlin")
    mails = len(outbox(session))
    assert _confirm(session, token) is Confirmation.INVALID
    assert describe_link(session, token=token, now=AS_OF) is None
    assert len(outbox(session)) == mails  # nothing happened the second time


def test_an_expired_link_changes_nothing(session: Session) -> None:
    _request(session, VERONICA, order_address_change(PREPARING, NEW_ADDRESS))
    token = sent_token(session, outbox(session)[0].id)
    assert _confirm(session, token, after=timedelta(hours=25)) is Confirmation.INVALID
    session.expire_all()
    order = session.get(Order, PREPARING)
    assert order is not None and order.shipping_address != NEW_ADDRESS
    assert _confirm(session, token, after=timedelta(days=3)) is Confirmation.INVALID


@pytest.mark.parametrize("token", ["", "junk", "x" * 10_000, "a' OR 1=1 --"])
def test_unknown_links_are_invalid(session: Session, token: str) -> None:
    assert _confirm(session, token) is Confirmation.INVALID
    assert describe_link(session, token=token, now=AS_OF) is None


def test_an_order_address_is_changed_once_confirmed_and_checked_again(session: Session) -> None:
    _request(session, VERONICA, order_address_change(PREPARING, NEW_ADDRESS))
    _request(session, RONI, order_address_change(SHIPPED, NEW_ADDRESS))
    first, second = (sent_token(session, m.id) for m in outbox(session))
    assert _confirm(session, first) is Confirmation.APPLIED
    assert _confirm(session, second) is Confirmation.NOT_POSSIBLE  # shipped: checked again
    session.expire_all()
    assert session.get(Order, PREPARING).shipping_address == NEW_ADDRESS  # type: ignore[union-attr]
    assert session.get(Order, SHIPPED).shipping_address != NEW_ADDRESS  # type: ignore[union-attr]


def test_a_guest_s_new_email_takes_two_links(session: Session) -> None:
    _request(session, VERONICA, detail_change("email", "vero.new@example.org"))
    [to_current] = outbox(session)
    assert to_current.recipient == "veronica.costello@example.com"
    assert _confirm(session, sent_token(session, to_current.id)) is Confirmation.NEW_EMAIL_LINK_SENT
    assert _customer(session, VERONICA).email == "veronica.costello@example.com"
    to_new = outbox(session)[-1]
    assert (to_new.template, to_new.recipient) == (
        "account_email_confirm_new",
        "vero.new@example.org",
    )
    assert _confirm(session, sent_token(session, to_new.id)) is Confirmation.APPLIED
    assert _customer(session, VERONICA).email == "vero.new@example.org"
    notice = outbox(session)[-1]
    assert (notice.template, notice.recipient) == (
        "account_email_changed",
        "veronica.costello@example.com",
    )


def test_a_new_email_is_confirmed_at_the_new_address(session: Session) -> None:
    """Also for a logged-in customer: the address is used only once its link is opened."""
    change = detail_change("email", "roni.new@example.org")
    assert _request(session, RONI, change, confirm_at=NEW_EMAIL) is StepUpResult.SENT
    [mail] = outbox(session)
    assert mail.recipient == "roni.new@example.org"
    assert _customer(session, RONI).email == "roni_cost@example.com"
    assert _confirm(session, sent_token(session, mail.id)) is Confirmation.APPLIED
    assert _customer(session, RONI).email == "roni.new@example.org"


def test_only_an_email_is_confirmed_at_a_new_address(session: Session) -> None:
    with pytest.raises(ValueError, match="new e-mail"):
        _request(session, RONI, detail_change("name", "Mallory"), confirm_at=NEW_EMAIL)


def test_a_deletion_link_deletes_the_account_and_forgets_its_pending_changes(
    session: Session,
) -> None:
    _request(session, VERONICA, account_deletion())
    _request(session, VERONICA, default_address_change(NEW_ADDRESS, None, None))
    token = sent_token(session, outbox(session)[0].id)
    assert _confirm(session, token) is Confirmation.APPLIED
    assert _customer(session, VERONICA).deleted_at is not None
    assert session.scalars(select(PendingAccountChange)).all() == []


def test_links_per_account_and_hour_are_limited(session: Session) -> None:
    for _ in range(MAX_LINKS_PER_HOUR):
        assert _request(session, VERONICA, account_deletion()) is StepUpResult.SENT
    assert _request(session, VERONICA, account_deletion()) is StepUpResult.TOO_MANY
    assert len(outbox(session)) == MAX_LINKS_PER_HOUR


def test_an_erased_account_gets_no_link(session: Session) -> None:
    _request(session, VERONICA, account_deletion())
    _confirm(session, sent_token(session, outbox(session)[0].id))
    assert _request(session, VERONICA, account_deletion()) is StepUpResult.NOT_FOUND
