import pytest

from icrm_models.billing.invoice_number import find_invoice_number, parse_invoice_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INV-010023", "INV-010023"),
        ("inv010023", "INV-010023"),
        ("INV 010023", "INV-010023"),
        (" #INV-10023 ", "INV-010023"),
        ("inv-024406", "INV-024406"),
        ("invoice no. 010023", "INV-010023"),
        ("INV_010023", "INV-010023"),
        ("INV-١٠٠٢٣", "INV-010023"),
        ("010023", None),
        ("INV-", None),
        ("INV-0100x", None),
        ("INV-010023; DROP TABLE invoices", None),
        ("INV-" + "1" * 40, None),
        ("\x00", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_invoice_number(text: str | None, expected: str | None) -> None:
    assert parse_invoice_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("please check invoice INV-010023, the total is wrong", "INV-010023"),
        ("send inv010023 again?", "INV-010023"),
        ("my INV 045120 is wrong", "INV-045120"),
        ("the invoice for order 10023", None),
        ("invoice 10023", None),
        ("reinv 12345", None),
        ("INV-0100234567", None),
        (None, None),
    ],
)
def test_find_invoice_number_in_a_sentence(text: str | None, expected: str | None) -> None:
    assert find_invoice_number(text) == expected
