"""What the customer is told about invoices and payment problems."""

from __future__ import annotations

from icrm_models.billing.invoices import InvoiceView
from icrm_models.db.statuses import InvoiceStatus

NOT_LOGGED_IN = (
    "To look at your invoices I need to know it's you. Please log in to your account on our "
    "website and ask me again."
)
INVALID_INVOICE = "That doesn't look like an invoice number — ours look like INV-010023."
INVOICE_NOT_FOUND = (
    "I couldn't find invoice {number} in your account. Please check the number — it's at the "
    "top of the invoice."
)
ORDER_INVOICE_NOT_FOUND = "I couldn't find an invoice for order {order_id} in your account."
NO_INVOICES = "There's no invoice in your account yet."
STATUS_WORDS = {
    InvoiceStatus.PAID: "paid",
    InvoiceStatus.ISSUED: "not paid yet",
    InvoiceStatus.VOID: "void (cancelled), so nothing is owed on it",
}
INVOICE = "Invoice {number} for order {order_id}, issued {date}: {amount} — {status}."
COPY_HINT = ' Would you like a copy by e-mail? Just say "send me invoice {number}".'
INVOICE_QUEUED = (
    "I've queued invoice {number} (order {order_id}, {amount}) to your e-mail on file, with a "
    "link to the PDF."
)
INVOICE_ALREADY_QUEUED = (
    "Invoice {number} is already queued to your e-mail on file — no need to ask again. If it "
    "doesn't turn up, please check your spam folder."
)
ONLY_ADDRESS_ON_FILE = " For your security, invoices only go to the e-mail address on your account."

PAYMENT_TICKET = "I'm sorry about that. I've opened ticket #{ticket} for our payments team{about}."
PAYMENT_URGENT = " I've marked it high priority, as money was taken."
PAYMENT_VERIFIED_CONTACT = " They'll get back to you at the e-mail address on your account."
PAYMENT_GUEST_CONTACT = (
    " As you're not logged in, please e-mail {email} quoting ticket #{ticket} (and your order "
    "number, if you have one) so they can reach you."
)


def amount(invoice: InvoiceView) -> str:
    return f"{invoice.amount:.2f} {invoice.currency}"


def describe_invoice(invoice: InvoiceView) -> str:
    """An invoice's number, date, amount and status, with how to get a copy."""
    text = INVOICE.format(
        number=invoice.number,
        order_id=invoice.order_id,
        date=invoice.issued_at.strftime("%a %d %b %Y"),
        amount=amount(invoice),
        status=STATUS_WORDS.get(invoice.status, invoice.status),
    )
    return text + COPY_HINT.format(number=invoice.number)


def not_found(*, number: str | None, order_id: int | None) -> str:
    """The answer when the asked-for invoice isn't in the customer's account."""
    if number is not None:
        return INVOICE_NOT_FOUND.format(number=number)
    if order_id is not None:
        return ORDER_INVOICE_NOT_FOUND.format(order_id=order_id)
    return NO_INVOICES


def payment_ticket_opened(
    *, ticket_id: int, priority: str, order_id: int | None, guest_contact: str | None
) -> str:
    """The answer once the payment ticket is open; ``guest_contact`` when nobody is verified."""
    text = PAYMENT_TICKET.format(
        ticket=ticket_id, about=f" about order {order_id}" if order_id else ""
    )
    if priority == "high":
        text += PAYMENT_URGENT
    if guest_contact is not None:
        return text + PAYMENT_GUEST_CONTACT.format(email=guest_contact, ticket=ticket_id)
    return text + PAYMENT_VERIFIED_CONTACT
