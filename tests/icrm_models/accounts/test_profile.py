import pytest
from sqlalchemy.orm import Session

from icrm_models.accounts.deletion import delete_account
from icrm_models.accounts.details import AccountField
from icrm_models.accounts.profile import EditResult, update_detail
from icrm_models.db.schema import Customer
from tests.helpers.mail import outbox
from tests.helpers.shop import AS_OF


def _customer(session: Session, customer_id: int) -> Customer:
    session.expire_all()
    customer = session.get(Customer, customer_id)
    assert customer is not None
    return customer


@pytest.mark.parametrize(
    ("field", "value", "stored"),
    [
        ("name", "Roni  Cost-Ortega", "Roni Cost-Ortega"),
        ("address", "Calle Mayor 5, 28013 Madrid", "Calle Mayor 5, 28013 Madrid"),
    ],
)
def test_name_and_address_are_changed_without_an_email(
    session: Session, field: str, value: str, stored: str
) -> None:
    result = update_detail(session, customer_id=1, field=field, value=value, now=AS_OF)  # type: ignore[arg-type]
    assert result is EditResult.UPDATED
    assert getattr(_customer(session, 1), field) == stored
    assert outbox(session) == []


def test_a_new_email_is_saved_and_the_old_address_is_told(session: Session) -> None:
    result = update_detail(
        session,
        customer_id=1,
        field="email",
        value="Roni.New@Example.org",
        now=AS_OF,
        conversation_id="c9",
    )
    assert result is EditResult.UPDATED
    assert _customer(session, 1).email == "roni.new@example.org"
    [note] = outbox(session)
    assert note.template == "account_email_changed" and note.recipient == "roni_cost@example.com"
    assert note.customer_id == 1 and note.conversation_id == "c9"
    assert "roni.new@example.org" in note.body


def test_the_same_value_is_no_change(session: Session) -> None:
    assert (
        update_detail(
            session, customer_id=1, field="email", value="RONI_COST@example.com", now=AS_OF
        )
        is EditResult.UNCHANGED
    )
    assert (
        update_detail(session, customer_id=1, field="name", value="Roni Cost", now=AS_OF)
        is EditResult.UNCHANGED
    )
    assert outbox(session) == []


def test_an_email_of_another_account_is_refused_and_nothing_changes(session: Session) -> None:
    result = update_detail(
        session, customer_id=1, field="email", value="Veronica.Costello@example.com", now=AS_OF
    )
    assert result is EditResult.EMAIL_UNAVAILABLE
    assert _customer(session, 1).email == "roni_cost@example.com"
    assert outbox(session) == []


def test_invalid_values_are_refused(session: Session) -> None:
    cases: list[tuple[AccountField, str]] = [
        ("email", "nope"),
        ("name", "x" * 10_000),
        ("address", "'; DROP TABLE customers; --"),
    ]
    for field, value in cases:
        result = update_detail(session, customer_id=1, field=field, value=value, now=AS_OF)
        assert result is EditResult.INVALID
    customer = _customer(session, 1)
    assert (customer.email, customer.name) == ("roni_cost@example.com", "Roni Cost")


def test_a_missing_or_deleted_account_is_not_found(session: Session) -> None:
    assert (
        update_detail(session, customer_id=9999, field="name", value="Ann Lee", now=AS_OF)
        is EditResult.NOT_FOUND
    )
    delete_account(session, customer_id=4, now=AS_OF)
    assert (
        update_detail(session, customer_id=4, field="name", value="Ann Lee", now=AS_OF)
        is EditResult.NOT_FOUND
    )


def test_an_address_taken_at_the_same_moment_is_refused_too(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unique column catches what the check before it could not (a concurrent change)."""
    monkeypatch.setattr("icrm_models.accounts.profile.email_taken", lambda *_a, **_k: False)
    result = update_detail(
        session, customer_id=1, field="email", value="veronica.costello@example.com", now=AS_OF
    )
    assert result is EditResult.EMAIL_UNAVAILABLE
    assert _customer(session, 1).email == "roni_cost@example.com"
    assert outbox(session) == []
