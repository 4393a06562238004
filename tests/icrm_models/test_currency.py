"""The shop's currency is one setting (``ICRM_CURRENCY``): new orders, the seed and the policies
take it from there, and a policies file that names another one is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import Order
from icrm_models.policies.source import PolicyError, PolicySource, load_policies
from icrm_models.seed.config import SeedConfig
from icrm_models.settings import Settings, shop_currency
from tests.helpers.paths import POLICIES_FILE


def test_the_currency_is_an_iso_code_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().currency == "EUR"
    monkeypatch.setenv("ICRM_CURRENCY", "CHF")
    assert shop_currency() == "CHF"
    monkeypatch.setenv("ICRM_CURRENCY", "euro")
    with pytest.raises(ValidationError, match="currency"):
        Settings()


def test_an_order_made_without_a_currency_is_in_the_shops(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ICRM_CURRENCY", "CHF")
    now = datetime(2026, 11, 23, tzinfo=UTC)
    with Session(sqlite_engine) as session:
        session.add(Order(id=10001, status="pending", placed_at=now, total=Decimal(1)))
        session.add(
            Order(id=10002, status="delivered", placed_at=now, total=Decimal(1), currency="GBP")
        )
        session.commit()
        currencies = session.execute(select(Order.currency).order_by(Order.id)).scalars().all()
    assert currencies == ["CHF", "GBP"]  # an order keeps the currency it was placed in


def test_the_seed_takes_the_shops_currency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICRM_CURRENCY", "CHF")
    assert SeedConfig(customers=1).currency == "CHF"
    assert SeedConfig(customers=1, currency="EUR").currency == "EUR"


def _policies_file(tmp_path: Path, currency: str | None) -> Path:
    raw = yaml.safe_load(POLICIES_FILE.read_text(encoding="utf-8"))
    raw.pop("currency", None)
    if currency is not None:
        raw["currency"] = currency
    path = tmp_path / "policies.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def test_the_policies_amounts_are_in_the_shops_currency(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _policies_file(tmp_path, None)
    monkeypatch.setenv("ICRM_CURRENCY", "CHF")
    assert load_policies(path).money(Decimal("5")) == "5.00 CHF"
    assert PolicySource(path, currency="USD").get().currency == "USD"


def test_a_policies_file_naming_another_currency_is_refused(tmp_path: Path) -> None:
    assert load_policies(_policies_file(tmp_path, "EUR"), currency="EUR").currency == "EUR"
    with pytest.raises(PolicyError, match="ICRM_CURRENCY"):
        load_policies(_policies_file(tmp_path, "GBP"), currency="EUR")
