import pytest

from icrm_models.accounts.details import (
    clean_address,
    clean_name,
    clean_value,
    field_in_text,
    find_email,
    mentions_unsupported_detail,
)

STRANGE = [
    "x" * 10_000,
    "\x00",
    "Anna\x00Berg",
    "\u202eAnna Berg",
    "🙂🙂",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("I want to change my email address", "email"),
        ("can u change my adress email pls", "email"),
        ("how do i chnage my e-mail", "email"),
        ("change my name on the account", "name"),
        ("my name is spelled wrong", "name"),
        ("I got married, please change my last name", "name"),
        ("I moved, please update my address", "address"),
        ("email", "email"),
        ("name", "name"),
        ("address", "address"),
        ("update my company name", None),
        ("how can I change my password? I'm logged in", None),
        ("edit profile", None),
        (None, None),
    ],
)
def test_the_detail_is_read_from_the_message(text: str | None, field: str | None) -> None:
    assert field_in_text(text) == field


def test_details_the_chat_cannot_change_are_recognised() -> None:
    assert mentions_unsupported_detail("update my phone number")
    assert mentions_unsupported_detail("change my password")
    assert not mentions_unsupported_detail("edit my details")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Katarzyna Nowak", "Katarzyna Nowak"),
        ("it should be Katarzyna Nowak", "Katarzyna Nowak"),
        ('my new name is "Anna Berg" please', "Anna Berg"),
        ("Mike O'Brien", "Mike O'Brien"),
        ("  Zoë   Müller ", "Zoë Müller"),
        ("李小龍", "李小龍"),
        ("J", None),
        ("Robert'); DROP TABLE customers;--", None),
        ("R2D2", None),
        ("anna@example.com", None),
        *[(s, None) for s in STRANGE],
    ],
)
def test_names(text: str, name: str | None) -> None:
    assert clean_name(text) == name


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Hauptstraße 5, 10115 Berlin", "Hauptstraße 5, 10115 Berlin"),
        ("my new address is 12 Rue de la Paix, 75002 Paris", "12 Rue de la Paix, 75002 Paris"),
        (
            "Flat 3/2, 7 King's Road (back door), London SW3 4NB",
            "Flat 3/2, 7 King's Road (back door), London SW3 4NB",
        ),
        ("Rose Cottage", None),  # no house number or postcode
        ("12345678", None),
        ("5 a", None),
        ("anna@example.com 12 Street", None),
        ("1 OR 1=1; --", None),
        ("a" * 300 + " 5", None),
        *[(s, None) for s in STRANGE],
    ],
)
def test_addresses(text: str, address: str | None) -> None:
    assert clean_address(text) == address


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("Ana@Example.com", "ana@example.com"),
        ("it's ana@example.com.", "ana@example.com"),
        ("<ana@example.com>", "ana@example.com"),
        ("not an address", None),
        ("<script>x@y.com", None),
        ('"quoted"@example.com', None),
        ("o'brien@example.com", "o'brien@example.com"),
        ("ana@localhost", None),
        ("' OR 1=1 --@x.com", "--@x.com"),  # the fragment never survives whole
        *[(s, None) for s in STRANGE],
    ],
)
def test_emails(text: str, email: str | None) -> None:
    assert find_email(text) == email


def test_the_last_address_is_the_new_one() -> None:
    text = "please update my email from jk@example.org to jk.new@example.org"
    assert find_email(text) == "jk@example.org"
    assert find_email(text, last=True) == "jk.new@example.org"


def test_clean_value_dispatches_on_the_field() -> None:
    assert clean_value("email", "A@B.org") == "a@b.org"
    assert clean_value("name", "Ann Lee") == "Ann Lee"
    assert clean_value("address", "Ann Lee") is None
