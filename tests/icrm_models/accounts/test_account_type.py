import pytest
from sqlalchemy.orm import Session

from icrm_models.accounts.account_type import (
    SwitchResult,
    account_type_of,
    switch_account_type,
    wanted_account_type,
)
from icrm_models.accounts.deletion import delete_account
from icrm_models.db.schema import Customer
from tests.helpers.shop import AS_OF


@pytest.mark.parametrize(
    ("text", "entities", "wanted"),
    [
        ("switch to my business account", ["business"], "business"),
        ("the personal one please", [], "personal"),
        ("[bussiness]", ["bussiness"], "business"),
        ("how do i swich to my buisness account", [], "business"),
        ("change from my company account to my private one", [], "personal"),
        ("can I go from my personal to my business account", ["personal", "business"], "business"),
        (
            "I'd like to turn my business account into a personal one",
            ["business", "personal"],
            "personal",
        ),
        ("I'm logged in as personal, need the business one", ["business"], "business"),
        ("I'm logged in as personal, need the business one", [], "business"),
        ("how do i switch between personal and business", ["personal", "business"], None),
        ("personal or business?", [], None),
        ("log me into a different account", [], None),
        ("x" * 10_000, [], None),
    ],
)
def test_the_wanted_type_is_read_from_the_message(
    text: str, entities: list[str], wanted: str | None
) -> None:
    assert wanted_account_type(text, entities) == wanted


def test_one_word_names_a_type() -> None:
    assert account_type_of(" Business ") == "business"
    assert account_type_of("private") == "personal"
    assert account_type_of("my business") is None


def test_switching_changes_the_type_once(session: Session) -> None:
    assert (
        switch_account_type(session, customer_id=1, account_type="business")
        is SwitchResult.SWITCHED
    )
    session.expire_all()
    assert session.get(Customer, 1).account_type == "business"  # type: ignore[union-attr]
    assert (
        switch_account_type(session, customer_id=1, account_type="business") is SwitchResult.ALREADY
    )
    assert (
        switch_account_type(session, customer_id=3, account_type="business") is SwitchResult.ALREADY
    )


def test_a_missing_or_deleted_account_is_not_found(session: Session) -> None:
    assert (
        switch_account_type(session, customer_id=9999, account_type="business")
        is SwitchResult.NOT_FOUND
    )
    delete_account(session, customer_id=2, now=AS_OF)
    assert (
        switch_account_type(session, customer_id=2, account_type="business")
        is SwitchResult.NOT_FOUND
    )
    session.expire_all()
    assert session.get(Customer, 2).account_type == "personal"  # type: ignore[union-attr]


def test_an_unknown_type_is_refused(session: Session) -> None:
    with pytest.raises(ValueError, match="'vip'"):
        switch_account_type(session, customer_id=1, account_type="vip")  # type: ignore[arg-type]
