"""What the customer is told about returns and refunds; every rule quoted is from the policies."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from icrm_models.after_sales.eligibility import ReturnCheck, Verdict
from icrm_models.after_sales.request import ReturnRequest
from icrm_models.after_sales.status import RefundCase
from icrm_models.db.statuses import OrderStatus, RefundStatus, ReturnStatus
from icrm_models.policies.source import Policies

NOT_LOGGED_IN = (
    "To look at returns and refunds I need to know it's you. Please log in to your account on "
    "our website and ask me again."
)
REASON_UNREADABLE = (
    "Sorry, I couldn't read that. In a few words, why are you sending it back "
    "(e.g. wrong size, arrived damaged)?"
)
RETURN_DECLINED = "No problem — I haven't started a return. Anything else I can do for you?"
RETURN_NOT_CONFIRMED = (
    "I haven't started a return for order {order_id}. Just say \"I want to return order "
    "{order_id}\" whenever you're ready."
)
NOT_FOUND = (
    "I couldn't find order {order_id} in your account, so I can't start a return for it. Please "
    "check the number — it's in your order confirmation e-mail."
)
CANCELLED = "Order {order_id} was cancelled, so there's nothing to send back."
NOT_DELIVERED = (
    "Order {order_id} hasn't been delivered yet, so it can't be returned yet. Once it has "
    "arrived, you have {window_days} days to send it back."
)
CANCEL_INSTEAD = (
    ' If you don\'t want it any more, I can cancel it instead — just say "cancel my order".'
)
WINDOW_CLOSED = (
    "Order {order_id} was delivered on {delivered}, so its {window_days}-day return window "
    "closed on {return_by}. I'm sorry, I can't start a return for it any more. If something is "
    'wrong with it, a colleague can take a look — just say "human".'
)
ALREADY_RETURNED = (
    'A return for order {order_id} is already registered. Ask me "where is my refund?" to '
    "see how it's going."
)
CONFIRM = (
    "Order {order_id} ({items}) was delivered on {delivered}, so you can return it until "
    "{return_by}. The items must be {condition} — shall I start the return?"
)
CONFIRM_FALLBACK = "Shall I start the return for order {order_id}?"
CONFIRM_GENERIC = "Shall I start the return?"
RETURN_STARTED = (
    "Done — I've registered the return of order {order_id} ({items}) and queued the prepaid "
    "return label to your e-mail on file. Return shipping is {return_shipping}. We refund "
    "{refund_method}, {refund_days}."
)

NO_CASES = (
    "I can't see any returns or refunds in your account. If you'd like to send something back, "
    'just say "I want to return an order".'
)
NO_CASE_FOR_ORDER = "I couldn't find a return or refund for order {order_id} in your account."
CASES_HEADER = "Here's where your returns and refunds stand:"


def _day(moment: datetime) -> str:
    return moment.strftime("%a %d %b %Y")


def _items(count: int, first_item: str | None) -> str:
    text = f"{count} item{'s' if count != 1 else ''}"
    return f"{text}, incl. {first_item}" if first_item else text


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount:.2f} {currency}"


def why_not_returnable(check: ReturnCheck, policies: Policies) -> str:
    """Why ``check`` (not eligible) stops the return, in the customer's words."""
    order_id = check.order_id
    window_days = policies.refund.window_days
    if check.verdict is Verdict.ALREADY_RETURNED:
        return ALREADY_RETURNED.format(order_id=order_id)
    if check.verdict is Verdict.NOT_DELIVERED:
        if check.order_status == OrderStatus.CANCELLED:
            return CANCELLED.format(order_id=order_id)
        text = NOT_DELIVERED.format(order_id=order_id, window_days=window_days)
        fee = policies.cancellation_fee(check.order_status) if check.order_status else None
        return text + CANCEL_INSTEAD if fee is not None else text
    if check.verdict is Verdict.WINDOW_CLOSED and check.delivered_at and check.return_by:
        return WINDOW_CLOSED.format(
            order_id=order_id,
            delivered=_day(check.delivered_at),
            window_days=window_days,
            return_by=_day(check.return_by),
        )
    return NOT_FOUND.format(order_id=order_id)


def confirm_return(check: ReturnCheck, policies: Policies) -> str:
    """The confirmation question, with the return window and the condition items must be in."""
    if not check.eligible or check.delivered_at is None or check.return_by is None:
        return CONFIRM_FALLBACK.format(order_id=check.order_id)
    return CONFIRM.format(
        order_id=check.order_id,
        items=_items(check.item_count, check.first_item),
        delivered=_day(check.delivered_at),
        return_by=_day(check.return_by),
        condition=policies.refund.condition,
    )


def return_started(request: ReturnRequest, policies: Policies) -> str:
    """The answer once the return is registered and its label queued."""
    refund = policies.refund
    return RETURN_STARTED.format(
        order_id=request.order_id,
        items=_items(request.item_count, None),
        return_shipping=refund.return_shipping,
        refund_method=refund.refund_method,
        refund_days=refund.refund_days,
    )


def describe_case(case: RefundCase, policies: Policies) -> str:
    """One order's return and refund in a sentence or two."""
    refund = policies.refund
    head = f"Order {case.order_id}:"
    amount = _money(case.amount, case.currency) if case.amount is not None else None
    if case.refund_status == RefundStatus.PAID and amount:
        paid = f" on {_day(case.paid_at)}" if case.paid_at else ""
        return f"{head} your refund of {amount} was paid {refund.refund_method}{paid}."
    if case.refund_status == RefundStatus.FAILED and amount:
        return (
            f"{head} the refund of {amount} couldn't be paid out. A colleague needs to look at "
            'it — say "human" and I\'ll connect you.'
        )
    if case.return_status == ReturnStatus.REJECTED:
        return (
            f'{head} your return was not accepted. If you\'d like to know why, say "human" and '
            "a colleague will explain."
        )
    if (
        case.return_status == ReturnStatus.REFUNDED
    ):  # the return is settled; its refund row is missing
        return f"{head} your return was refunded {refund.refund_method}."
    if case.return_status is None:  # a refund without a return, e.g. for a cancellation
        return f"{head} a refund of {amount} is being processed {refund.refund_method}."
    if case.return_status == ReturnStatus.REQUESTED and case.requested_at:
        return (
            f"{head} return registered on {_day(case.requested_at)} — we're waiting for your "
            f"parcel. Once it arrives, we refund {refund.refund_method}, {refund.refund_days}."
        )
    arrived = f" on {_day(case.received_at)}" if case.received_at else ""
    money = f"the refund of {amount}" if amount else "your refund"
    return (
        f"{head} your return arrived{arrived}; {money} is being processed {refund.refund_method} "
        f"— expect it {refund.refund_days}."
    )


def describe_cases(cases: list[RefundCase], policies: Policies) -> str:
    """The answer to "where is my refund?" for one or more orders."""
    lines = [describe_case(case, policies) for case in cases]
    if len(lines) == 1:
        return lines[0]
    return "\n".join([CASES_HEADER, *(f"• {line}" for line in lines)])
