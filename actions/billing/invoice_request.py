"""Which invoice the customer asked for: by invoice number, by order number, or the latest."""

from __future__ import annotations

from dataclasses import dataclass

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.billing.messages import INVALID_INVOICE, NOT_LOGGED_IN
from actions.identity import current_customer_id
from actions.orders.messages import INVALID_NUMBER
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


def verified_invoice_request(
    tracker: Tracker, dispatcher: CollectingDispatcher, intent: str
) -> tuple[int, InvoiceRequest] | None:
    """(customer id, what they asked for), or None after telling the customer why not."""
    customer_id = current_customer_id(tracker)
    if customer_id is None:
        dispatcher.utter_message(text=NOT_LOGGED_IN)
        return None
    request = invoice_request(tracker, intent)
    if request.unreadable_number or request.unreadable_order:
        dispatcher.utter_message(
            text=INVALID_INVOICE if request.unreadable_number else INVALID_NUMBER
        )
        return None
    return customer_id, request
