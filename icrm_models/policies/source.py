"""Load and validate the shop's policies, and re-read them when the file changes.

Everything the assistant says about refunds, cancellation fees, delivery and payment comes from
``data/policies.yml`` (``ICRM_POLICIES_PATH`` points elsewhere), and the actions apply the same
numbers, so a shop changes a rule in one place. A broken file is a clear error at load time.
"""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from icrm_models.settings import shop_currency


class PolicyError(ValueError):
    """The policies file is missing or invalid; the message says where."""


class Contact(BaseModel):
    email: str
    phone: str
    hours: str
    answers: list[str] = Field(min_length=1)


class Refund(BaseModel):
    window_days: int = Field(gt=0)
    condition: str
    excluded: list[str] = []
    return_shipping: str
    refund_days: str
    refund_method: str
    answers: list[str] = Field(min_length=1)


class Cancellation(BaseModel):
    fees: dict[str, Decimal]
    not_cancellable_hint: str
    answers: list[str] = Field(min_length=1)


class DeliveryOption(BaseModel):
    name: str
    price: Decimal
    days: str
    free_from: Decimal | None = None


class Region(BaseModel):
    region: str
    price: Decimal
    days: str


class Delivery(BaseModel):
    options: list[DeliveryOption] = Field(min_length=1)
    international: list[Region] = []
    options_answers: list[str] = Field(min_length=1)
    period_answers: list[str] = Field(min_length=1)


class Payment(BaseModel):
    methods: list[str] = Field(min_length=1)
    answers: list[str] = Field(min_length=1)


class Policies(BaseModel):
    """The whole knowledge source."""

    shop_name: str
    # the amounts' currency: the shop's setting (ICRM_CURRENCY), filled in by load_policies
    currency: str
    contact: Contact
    refund: Refund
    cancellation: Cancellation
    delivery: Delivery
    payment: Payment

    def cancellation_fee(self, order_status: str) -> Decimal | None:
        """The fee to cancel an order in ``order_status``; None when it can't be cancelled."""
        return self.cancellation.fees.get(order_status)

    def money(self, amount: Decimal) -> str:
        return f"{amount:.2f} {self.currency}"


def load_policies(path: Path, *, currency: str | None = None) -> Policies:
    """The policies in ``path``, validated, with their amounts in ``currency`` (default: the
    shop's, ``ICRM_CURRENCY``).

    The currency is a setting, not part of the file, so prices, fees and orders cannot
    disagree; a file that still names another one is refused rather than silently overruled.
    """
    currency = currency or shop_currency()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise PolicyError(f"no policies file at {path} (set ICRM_POLICIES_PATH)") from error
    except yaml.YAMLError as error:
        raise PolicyError(f"{path} is not valid YAML: {error}") from error
    if isinstance(raw, dict):
        stated = raw.get("currency")
        if stated is not None and stated != currency:
            raise PolicyError(
                f"{path} names the currency {stated!r} but the shop's is {currency!r}: the "
                "currency is the ICRM_CURRENCY setting; remove it from the policies file"
            )
        raw = {**raw, "currency": currency}
    try:
        return Policies.model_validate(raw)
    except ValidationError as error:
        raise PolicyError(f"{path} is not a valid policies file:\n{error}") from error


class PolicySource:
    """The policies of one file, re-read when its modification time changes."""

    def __init__(self, path: Path, *, currency: str | None = None) -> None:
        self.path = path
        self.currency = currency  # None: the shop's setting, read at each load
        self._lock = threading.Lock()
        self._stamp: float | None = None
        self._policies: Policies | None = None

    def get(self) -> Policies:
        stamp = self.path.stat().st_mtime if self.path.exists() else None
        with self._lock:
            if self._policies is None or stamp != self._stamp:
                self._policies = load_policies(self.path, currency=self.currency)
                self._stamp = stamp
            return self._policies
