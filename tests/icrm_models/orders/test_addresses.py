"""Reading typed addresses: what a parcel can go to is kept (tidied), anything else is None."""

from __future__ import annotations

import pytest

from icrm_models.orders.addresses import parse_address, parse_place_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Baker Street, London", "12 Baker Street, London"),
        ("London, 12 Baker Street", "London, 12 Baker Street"),
        ("Hauptstraße 5, 10115 Berlin", "Hauptstraße 5, 10115 Berlin"),
        ("Hauptstr. 5\n10115 Berlin", "Hauptstr. 5, 10115 Berlin"),
        ("  75008   Paris ", "75008 Paris"),
        ("SW1A 1AA London", "SW1A 1AA London"),
        ("Damrak 1, 1012 LG Amsterdam", "Damrak 1, 1012 LG Amsterdam"),
        ("Kungsgatan 12, 111 43 Stockholm", "Kungsgatan 12, 111 43 Stockholm"),
        ("Rua Augusta 100, 1100-053 Lisboa", "Rua Augusta 100, 1100-053 Lisboa"),
        ("ul. Marszałkowska 10, 00-026 Warszawa", "ul. Marszałkowska 10, 00-026 Warszawa"),
        ("O'Connell Street 7, Dublin", "O'Connell Street 7, Dublin"),
        ("شارع التحرير 5، القاهرة", "شارع التحرير 5, القاهرة"),
    ],
)
def test_addresses_are_kept_tidied(text: str, expected: str) -> None:
    assert parse_address(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "Berlin",
        "12 Baker Street",  # no place
        "12345",
        "my new flat",
        "1; DROP TABLE orders",
        "12 Baker Street, London' OR '1'='1",
        "<b>12 Baker Street</b>, London",
        "12 Baker Street, London 🙂",
        "\u202e12 Baker Street, London",
        "12 Baker Street\x00, London",
        "x" * 10_000,
        "12 Baker Street, " + "London " * 30,
    ],
)
def test_anything_else_is_rejected(text: str | None) -> None:
    assert parse_address(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Munich", "Munich"),
        (" Den   Haag ", "Den Haag"),
        ("Saint-Étienne", "Saint-Étienne"),
        ("Berlin'; --", None),
        ("B", None),
        ("🙂", None),
        ("x" * 200, None),
        (None, None),
    ],
)
def test_place_names(text: str | None, expected: str | None) -> None:
    assert parse_place_name(text) == expected
