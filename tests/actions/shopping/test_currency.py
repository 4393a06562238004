"""Prices in the chat are in the shop's currency (``ICRM_CURRENCY``), as text and on cards."""

from __future__ import annotations

from decimal import Decimal

import pytest

from actions.shopping.cards import cards_payload
from actions.shopping.messages import money, offer_lines
from icrm_models.offers.records import ShownOffer
from tests.helpers.shopping import BAG

OFFER = ShownOffer(18, BAG, "popular right now", None, "v1")


def test_money_has_a_symbol_where_customers_expect_one() -> None:
    assert money(Decimal("52"), "EUR") == "€52.00"
    assert money(Decimal("52"), "GBP") == "£52.00"
    assert money(Decimal("52"), "CHF") == "52.00 CHF"


def test_offers_follow_the_currency_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICRM_CURRENCY", "USD")
    assert "Wayfarer Messenger Bag — $45.00" in offer_lines([OFFER], hint=False)
    assert cards_payload([OFFER])["cards"][0]["currency"] == "USD"
