from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icrm_models.accounts.deletion import DELETED_NAME, delete_account, erased_email
from icrm_models.db.schema import ConsentChange, Customer, Order
from tests.helpers.mail import outbox
from tests.helpers.shop import AS_OF


def _consent_changes(session: Session, customer_id: int) -> list[ConsentChange]:
    return list(
        session.scalars(
            select(ConsentChange)
            .where(ConsentChange.customer_id == customer_id, ConsentChange.source == "chat")
            .order_by(ConsentChange.id)
        )
    )


def test_deleting_erases_the_person_but_keeps_the_orders(session: Session) -> None:
    orders_before = session.scalar(
        select(func.count()).select_from(Order).where(Order.customer_id == 2)
    )
    assert delete_account(session, customer_id=2, now=AS_OF, conversation_id="conv-7")
    session.expire_all()
    customer = session.get(Customer, 2)
    assert customer is not None
    assert customer.deleted_at == AS_OF
    assert customer.email == erased_email(2) == "deleted-2@deleted.invalid"
    assert customer.name == DELETED_NAME and customer.address is None
    assert not customer.marketing_consent and not customer.newsletter_consent
    assert (
        session.scalar(select(func.count()).select_from(Order).where(Order.customer_id == 2))
        == orders_before
    )


def test_consents_are_withdrawn_with_evidence(session: Session) -> None:
    delete_account(session, customer_id=2, now=AS_OF, conversation_id="conv-7")  # had both
    changes = _consent_changes(session, 2)
    assert [(c.consent, c.granted, c.conversation_id, c.changed_at) for c in changes] == [
        ("marketing", False, "conv-7", AS_OF),
        ("newsletter", False, "conv-7", AS_OF),
    ]
    delete_account(session, customer_id=1, now=AS_OF)  # had none: nothing to withdraw
    assert _consent_changes(session, 1) == []


def test_the_confirmation_goes_to_the_old_address(session: Session) -> None:
    delete_account(session, customer_id=2, now=AS_OF, conversation_id="conv-7")
    [message] = outbox(session)
    assert message.template == "account_deleted"
    assert message.recipient == "veronica.costello@example.com"
    assert "Veronica Costello" in message.body and message.conversation_id == "conv-7"


def test_a_deleted_or_missing_account_cannot_be_deleted_again(session: Session) -> None:
    assert delete_account(session, customer_id=2, now=AS_OF)
    assert not delete_account(session, customer_id=2, now=AS_OF)
    assert not delete_account(session, customer_id=9999, now=AS_OF)
    assert len(outbox(session)) == 1
