"""The JSON bodies the web app sends its page and the widget: one TypedDict per answer.

They cross a process boundary, so they are written down here, as rasa-sdk types its tracker and
domain, and each route builds its body from one of them: a field renamed on one side only is a
type error, not a widget that silently shows nothing.
"""

from __future__ import annotations

from typing import Literal, TypedDict


class HealthBody(TypedDict):
    """``GET /healthz``: the launcher's probe."""

    status: Literal["ok"]


class ConfigBody(TypedDict):
    """``GET /api/config``: where the widget opens its socket."""

    rasa_url: str  # the Rasa server's base URL (its socket.io channel)
    socket_path: str  # the socket.io path on it


class ErrorBody(TypedDict):
    """Any refused request: one sentence the widget may show."""

    error: str


class PickerCustomer(TypedDict):
    """``GET /api/customers``, one entry: whom the demo log-in offers (no e-mail, no orders:
    together they are what a guest proves an order with)."""

    id: int
    name: str


class OrderSummary(TypedDict):
    """One of a logged-in customer's latest orders."""

    id: int
    status: str  # the order's status as stored (e.g. "shipped")


class CustomerSummary(TypedDict):
    """What the page shows a customer who just logged in."""

    name: str
    orders: list[OrderSummary]  # newest first, at most four


class LoginBody(CustomerSummary):
    """``POST /api/login``: the customer and the token the widget sends with every message."""

    customer_id: int
    identity_token: str  # signed for this customer and this conversation (icrm_models.identity)
    expires_in: int  # seconds; the widget asks again before then


class FeaturedProduct(TypedDict):
    """``GET /api/products``, one entry: a product of the shop window."""

    sku: str
    name: str
    price: str  # a decimal as text ("52.00"), never a float
    currency: str  # ISO code of the price: the shop's (ICRM_CURRENCY)
    category: str
    image_url: str | None  # the product photo the shop serves, when the catalogue has one
