"""New addresses: the delivery address of one order, and the customer's default address.

An order's address can change only before it ships (afterwards the parcel is the carrier's).
Both changes queue a confirmation e-mail: a customer must hear about an address change they
didn't make. Addresses must pass ``icrm_models.orders.addresses`` (a ValueError says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from icrm_models.active_accounts import active_customer
from icrm_models.db.statuses import OrderStatus
from icrm_models.orders.addresses import parse_address, parse_place_name
from icrm_models.orders.lifecycle import is_before_shipment
from icrm_models.orders.notify import queue_email
from icrm_models.orders.owned import owned_order


@dataclass(frozen=True)
class AddressChange:
    """The outcome for one order; ``changed`` is False when it had already shipped."""

    order_id: int
    status: OrderStatus
    changed: bool
    address: str


@dataclass(frozen=True)
class SavedAddress:
    """The customer's default address after the change."""

    address: str
    city: str | None
    country: str | None


def _checked_address(address: str) -> str:
    checked = parse_address(address)
    if checked is None:
        raise ValueError(f"not a usable address: {address[:40]!r}")
    return checked


def change_order_address(
    session: Session,
    *,
    customer_id: int,
    order_id: int,
    address: str,
    shop_name: str,
    conversation_id: str | None,
    now: datetime,
) -> AddressChange | None:
    """Send ``order_id`` to ``address`` if it hasn't shipped, and commit; None if not theirs."""
    address = _checked_address(address)
    order = owned_order(session, customer_id=customer_id, order_id=order_id, for_update=True)
    customer = active_customer(session, customer_id)
    if order is None or customer is None:
        return None
    if not is_before_shipment(order.status):
        return AddressChange(order.id, order.status, changed=False, address=address)
    previous = order.shipping_address
    order.shipping_address = address
    queue_email(
        session,
        customer=customer,
        template="order_address_changed",
        subject=f"New delivery address for order {order.id}",
        body=(
            f"Hello {customer.name},\n\nyour order {order.id} will be delivered to:\n{address}\n\n"
            f"If you didn't ask for this change, please reply to this e-mail.\n\n"
            f"Your {shop_name} team"
        ),
        payload={"order_id": order.id, "address": address, "previous_address": previous},
        conversation_id=conversation_id,
        now=now,
    )
    session.commit()
    return AddressChange(order.id, order.status, changed=True, address=address)


def save_default_address(
    session: Session,
    *,
    customer_id: int,
    address: str,
    city: str | None,
    country: str | None,
    shop_name: str,
    conversation_id: str | None,
    now: datetime,
) -> SavedAddress | None:
    """Make ``address`` the customer's default (city and country only when given); commit.

    None when the account doesn't exist or was erased.
    """
    address = _checked_address(address)
    for label, place in (("city", city), ("country", country)):
        if place is not None and parse_place_name(place) != place:
            raise ValueError(f"not a {label} name: {place[:40]!r}")
    customer = active_customer(session, customer_id)
    if customer is None:
        return None
    customer.address = address
    if city is not None:
        customer.city = city
    if country is not None:
        customer.country = country
    saved = SavedAddress(address=address, city=customer.city, country=customer.country)
    queue_email(
        session,
        customer=customer,
        template="default_address_saved",
        subject="Your default delivery address was changed",
        body=(
            f"Hello {customer.name},\n\nyour default delivery address is now:\n{address}\n\n"
            f"If you didn't make this change, please reply to this e-mail.\n\n"
            f"Your {shop_name} team"
        ),
        payload={"address": address, "city": city, "country": country},
        conversation_id=conversation_id,
        now=now,
    )
    session.commit()
    return saved
