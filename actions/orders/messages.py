"""What the assistant tells customers about their orders: texts and how they are filled."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from icrm_models.db.statuses import OrderStatus, ShipmentStatus
from icrm_models.orders.cancellation import CancellationQuote, CancellationResult
from icrm_models.orders.recent import RecentOrder
from icrm_models.orders.status import OrderView
from icrm_models.policies.source import Policies


def _day(moment: datetime) -> str:
    return moment.strftime("%a %d %b")


def _when(moment: datetime) -> str:
    return moment.strftime("%a %d %b, %H:%M UTC")


def describe_order(status: OrderView) -> str:
    """One message that answers "where is my order?"."""
    items = f"{status.item_count} item{'s' if status.item_count != 1 else ''}"
    if status.first_item:
        items += f", incl. {status.first_item}"
    head = f"Order {status.order_id} ({items}, placed {_day(status.placed_at)})"
    if status.status == OrderStatus.CANCELLED:
        return f"{head} was cancelled."
    if status.status in (OrderStatus.PENDING, OrderStatus.PROCESSING):
        return f"{head} is being prepared in our warehouse and hasn't shipped yet."
    if status.status == OrderStatus.RETURNED:
        return f"{head} was returned to us."
    if status.carrier is None:
        return f"{head} has the status '{status.status}'."
    parcel = f"with {status.carrier} (tracking number {status.tracking_number})"
    if status.delivered_at is not None:
        return f"{head} was delivered {parcel} on {_when(status.delivered_at)}."
    state = (
        "is out for delivery"
        if status.shipment_status == ShipmentStatus.OUT_FOR_DELIVERY
        else "is on its way"
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
ACCOUNT_NOT_LOGGED_IN = (
    "To change your account I need to know it's you. Please log in to your account on our "
    "website and ask me again."
)

# -- which order? (action_ask_order_id, action_list_recent_orders) ---------------------------

ORDER_QUESTIONS = {
    "cancel_order_form": "Which order would you like to cancel?",
    "change_order_form": "Which order would you like to change?",
    "address_change_form": "Which order should go to a new address?",
}
ORDER_QUESTION = "Which order is it?"
PICK_FROM_RECENT = "Your latest orders: {orders}. Just type the number."
TYPE_THE_NUMBER = "Please type the order number — it's in your order confirmation e-mail."
YOUR_ORDERS = "Your latest orders: {orders}."
NO_ORDERS = "I can't see any orders in your account yet."
STATUS_WORDS = {
    OrderStatus.PENDING: "received",
    OrderStatus.PROCESSING: "being prepared",
    OrderStatus.SHIPPED: "on its way",
    OrderStatus.DELIVERED: "delivered",
    OrderStatus.CANCELLED: "cancelled",
    OrderStatus.RETURNED: "returned",
    OrderStatus.CREDIT_NOTE: "credited",
}


def recent_orders_text(orders: Sequence[RecentOrder]) -> str:
    """ "10021 from 23 Nov 2026 (being prepared), 10041 from 07 Nov 2026 (delivered)"."""
    return ", ".join(
        f"{order.order_id} from {order.placed_at:%d %b %Y} "
        f"({STATUS_WORDS.get(order.status, order.status)})"
        for order in orders
    )


# -- cancellation ------------------------------------------------------------------------------

CONFIRM_FREE = "Cancelling order {order_id} is free of charge right now. Shall I cancel it?"
CONFIRM_WITH_FEE = (
    "Cancelling order {order_id} costs a {fee} handling fee, as it's {state} already. "
    "Shall I cancel it?"
)
CONFIRM_PLAIN = "Shall I cancel order {order_id}?"
CONFIRM_THIS = "Shall I cancel the order?"
CANCELLED = (
    "Done — order {order_id} is cancelled, {fee}.{refund} A confirmation e-mail is on its way."
)
CANCEL_FREE = "free of charge"
CANCEL_FEE = "with a {fee} handling fee"
REFUND = " {amount} goes back {method}."
LEFT_AS_IS = "OK, I've left it as it is."
NOT_CONFIRMED = "I haven't cancelled order {order_id}, as you didn't confirm. Just ask again."
ALREADY_CANCELLED = "Order {order_id} is already cancelled — nothing more to do."
SHIPPED_PHRASES = {
    OrderStatus.SHIPPED: "has already shipped",
    OrderStatus.DELIVERED: "has already been delivered",
}
CLOSED_PHRASES = {
    OrderStatus.CANCELLED: "is cancelled",
    OrderStatus.RETURNED: "was returned",
    OrderStatus.CREDIT_NOTE: "was credited",
}
NOT_CANCELLABLE = "Order {order_id} {state}. {hint}"
CANNOT_CANCEL = "Order {order_id} can't be cancelled any more."


def confirm_cancellation(quote: CancellationQuote, policies: Policies) -> str:
    """The "are you sure?" question, with the fee for the order's status."""
    if quote.fee is None:
        return CONFIRM_PLAIN.format(order_id=quote.order_id)
    if quote.fee == 0:
        return CONFIRM_FREE.format(order_id=quote.order_id)
    return CONFIRM_WITH_FEE.format(
        order_id=quote.order_id,
        fee=policies.money(quote.fee),
        state=STATUS_WORDS.get(quote.status, quote.status),
    )


def not_cancellable(quote: CancellationQuote, policies: Policies) -> str:
    """Why the order can't be cancelled, with the policy's hint about returns once shipped."""
    if quote.status == OrderStatus.CANCELLED:
        return ALREADY_CANCELLED.format(order_id=quote.order_id)
    if quote.status in SHIPPED_PHRASES:
        hint = policies.cancellation.not_cancellable_hint.format(
            window_days=policies.refund.window_days
        )
        return NOT_CANCELLABLE.format(
            order_id=quote.order_id, state=SHIPPED_PHRASES[quote.status], hint=hint
        )
    return CANNOT_CANCEL.format(order_id=quote.order_id)


def cancellation_done(result: CancellationResult, policies: Policies) -> str:
    """What the customer is told after a cancellation: the fee and what they get back."""
    fee = result.quote.fee or Decimal(0)
    return CANCELLED.format(
        order_id=result.quote.order_id,
        fee=CANCEL_FEE.format(fee=policies.money(fee)) if fee else CANCEL_FREE,
        refund=""
        if result.refund is None
        else REFUND.format(
            amount=policies.money(result.refund), method=policies.refund.refund_method
        ),
    )


# -- changes to an order -----------------------------------------------------------------------

INVALID_CHANGE_REQUEST = (
    'Could you describe the change in a few words — e.g. "size M instead of L" or '
    '"one more Zoe Tank"?'
)
CHANGE_RECORDED = (
    "Thanks — I've passed your change for order {order_id} to a colleague (ticket {ticket_id}). "
    "They'll adjust the order before it ships and confirm by e-mail."
)
CHANGE_TOO_LATE = (
    "Order {order_id} {state}, so it can't be changed any more. You can return what doesn't "
    "suit you within {window_days} days and order again."
)
NOTHING_TO_CHANGE = "Order {order_id} {state}, so there's nothing to change any more."


def change_refused(order_id: int, status: OrderStatus, window_days: int) -> str:
    """Why an order in ``status`` can't be changed: shipped (return it) or closed."""
    if status in CLOSED_PHRASES:
        return NOTHING_TO_CHANGE.format(order_id=order_id, state=CLOSED_PHRASES[status])
    return CHANGE_TOO_LATE.format(
        order_id=order_id, state=order_state_phrase(status), window_days=window_days
    )


# -- addresses ---------------------------------------------------------------------------------

INVALID_ADDRESS = (
    "Hmm, that doesn't look like an address I can ship to. Please give street and number, "
    'postcode and city — e.g. "Hauptstraße 5, 10115 Berlin".'
)
ADDRESS_CHANGED = (
    "Done — order {order_id} will now go to {address}. A confirmation e-mail is on its way."
)
ADDRESS_TOO_LATE = (
    "Order {order_id} {state}, so its delivery address can't be changed any more. "
    'If you need help with the delivery, say "human" and a colleague will take a look.'
)
NOTHING_TO_DELIVER = "Order {order_id} {state}, so there's nothing to deliver any more."
ADDRESS_SAVED = (
    "Saved — {address} is now your default delivery address. A confirmation e-mail is on its way."
)


def order_state_phrase(status: OrderStatus) -> str:
    """ "has already shipped", "was returned", ... for messages about an order's status."""
    return (
        SHIPPED_PHRASES.get(status)
        or CLOSED_PHRASES.get(status)
        or f"is {STATUS_WORDS.get(status, status)}"
    )


def address_refused(order_id: int, status: OrderStatus) -> str:
    """Why the delivery address of an order in ``status`` can't change any more."""
    if status in CLOSED_PHRASES:
        return NOTHING_TO_DELIVER.format(order_id=order_id, state=CLOSED_PHRASES[status])
    return ADDRESS_TOO_LATE.format(order_id=order_id, state=order_state_phrase(status))


# -- placing an order --------------------------------------------------------------------------

HOW_TO_ORDER = (
    "I can't place orders in the chat, but it only takes a minute on our website: put what you "
    "like in the cart and go to checkout. Delivery: {delivery}. You can pay with {payment}."
)
PRODUCT_HINT = ' Looking for the {product}? Ask me "show me {product}" and I\'ll look it up.'


def how_to_order(policies: Policies, product: str | None) -> str:
    """How to order, with delivery and payment from the policies, and a pointer to the search."""
    delivery = "; ".join(
        f"{option.name} {policies.money(option.price)}"
        + (f" (free from {policies.money(option.free_from)})" if option.free_from else "")
        + f", {option.days}"
        for option in policies.delivery.options
    )
    methods = policies.payment.methods
    payment = methods[0] if len(methods) == 1 else ", ".join(methods[:-1]) + " or " + methods[-1]
    text = HOW_TO_ORDER.format(delivery=delivery, payment=payment)
    if product:
        text += PRODUCT_HINT.format(product=product)
    return text
