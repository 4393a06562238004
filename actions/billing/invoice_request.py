"""Which invoice the customer asked for: by invoice number, by order number, or the latest."""

from __future__ import annotations

from dataclasses import dataclass

from rasa_sdk import Tracker

from actions.refunds.request_entities import entity_in_request, request_message
from icrm_models.billing.invoice_number import find_invoice_number, parse_invoice_number
from icrm_models.orders.status import parse_order_number


@dataclass(frozen=True)
class InvoiceRequest:
    """The invoice named in the request; neither number: the latest invoice."""

    number: str | None = None
    order_id: int | None = None
    unreadable_number: bool = False  # an invoice number was named but isn't one
    unreadable_order: bool = False  # an order number was named but isn't one


def invoice_request(tracker: Tracker, intent: str) -> InvoiceRequest:
    """What the newest ``intent`` message asked for (its entities, else "INV…" in its text)."""
    raw_number = entity_in_request(tracker, (intent,), "invoice_id")
    if raw_number is not None:
        number = parse_invoice_number(raw_number)
        return InvoiceRequest(number=number, unreadable_number=number is None)
    raw_order = entity_in_request(tracker, (intent,), "order_id")
    if raw_order is not None:
        order_id = parse_order_number(raw_order)
        return InvoiceRequest(order_id=order_id, unreadable_order=order_id is None)
    message = request_message(tracker, (intent,))
    return InvoiceRequest(number=find_invoice_number((message or {}).get("text")))
