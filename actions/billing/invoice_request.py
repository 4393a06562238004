"""Which invoice the customer asked for: by invoice number, by order number, or the latest.

A guest proven in the chat may see the invoice of the order they proved only: "my latest
invoice" means that order's, another order's gets the answer someone else's order gets, and an
invoice asked for by number is checked once it is found (:func:`in_scope`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.billing.messages import INVALID_INVOICE, NOT_LOGGED_IN, not_found
from actions.identity import current_identity
from actions.order_scope import may_see_order
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
    identity = current_identity(tracker)
    if identity is None:
        dispatcher.utter_message(text=NOT_LOGGED_IN)
        return None
    request = invoice_request(tracker, intent)
    if request.unreadable_number or request.unreadable_order:
        dispatcher.utter_message(
            text=INVALID_INVOICE if request.unreadable_number else INVALID_NUMBER
        )
        return None
    if not identity.logged_in:
        if request.number is None and request.order_id is None:
            request = replace(request, order_id=identity.order_id)  # "my invoice": the proved one
        if request.number is None and (
            request.order_id is None or not identity.may_see_order(request.order_id)
        ):
            dispatcher.utter_message(text=not_found(number=None, order_id=request.order_id))
            return None
    return identity.customer_id, request


def in_scope(tracker: Tracker, order_id: int) -> bool:
    """Whether this conversation may see the invoice of ``order_id`` (a guest: their order)."""
    return may_see_order(tracker, order_id)
