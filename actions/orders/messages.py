"""How an order's status is put into words for the customer."""

from __future__ import annotations

from datetime import datetime

from icrm_models.orders.status import OrderStatus


def _day(moment: datetime) -> str:
    return moment.strftime("%a %d %b")


def _when(moment: datetime) -> str:
    return moment.strftime("%a %d %b, %H:%M UTC")


def describe_order(status: OrderStatus) -> str:
    """One message that answers "where is my order?"."""
    items = f"{status.item_count} item{'s' if status.item_count != 1 else ''}"
    if status.first_item:
        items += f", incl. {status.first_item}"
    head = f"Order {status.order_id} ({items}, placed {_day(status.placed_at)})"
    if status.status == "cancelled":
        return f"{head} was cancelled."
    if status.status in ("pending", "processing"):
        return f"{head} is being prepared in our warehouse and hasn't shipped yet."
    if status.status == "returned":
        return f"{head} was returned to us."
    if status.carrier is None:
        return f"{head} has the status '{status.status}'."
    parcel = f"with {status.carrier} (tracking number {status.tracking_number})"
    if status.delivered_at is not None:
        return f"{head} was delivered {parcel} on {_when(status.delivered_at)}."
    state = (
        "is out for delivery" if status.shipment_status == "out_for_delivery" else "is on its way"
    )
    text = f"{head} {state} {parcel}."
    if status.last_scan is not None:
        where = f" at {status.last_scan.location}" if status.last_scan.location else ""
        text += (
            f" Latest update: {status.last_scan.description}{where}, "
            f"{_when(status.last_scan.occurred_at)}."
        )
    if status.eta is not None:
        text += f" Expected delivery: {_day(status.eta)}."
    return text


NOT_FOUND = (
    "I couldn't find order {order_id} in your account. Please check the number — it's in your "
    "order confirmation e-mail."
)
NOT_LOGGED_IN = (
    "To look up an order I need to know it's you. Please log in to your account on our website "
    "and ask me again."
)
INVALID_NUMBER = "That doesn't look like an order number — they're digits only, like 10023."
