"""The statuses a row of the customer database can be in, one ``StrEnum`` per status column.

Each enum is the whole vocabulary of its column: code compares and writes its members, and the
table stores it through :class:`~icrm_models.db.vocabulary.Vocabulary` with a CHECK constraint
built from the same enum, so a typo is a type error in the code and an ``IntegrityError`` in the
database instead of a row that no query finds. ``StrEnum`` members *are* strings
(``OrderStatus.SHIPPED == "shipped"``), so stored rows, JSON payloads, policy keys
(``cancellation.fees``) and messages see the same values as before.

A new status needs a member here and an Alembic migration that widens the CHECK constraint.
"""

from __future__ import annotations

from enum import StrEnum


class OrderStatus(StrEnum):
    """Where an order is in its life (``orders.status``)."""

    PENDING = "pending"
    PROCESSING = "processing"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    RETURNED = "returned"
    # an imported cancellation document (Online Retail's "C" invoices), with negative lines
    CREDIT_NOTE = "credit_note"


class ShipmentStatus(StrEnum):
    """Where a parcel is (``shipments.status``) and what a carrier's scan said
    (``tracking_events.status``)."""

    LABEL_CREATED = "label_created"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    EXCEPTION = "exception"
    RETURNED = "returned"


class ReturnStatus(StrEnum):
    """How far a return has got (``returns.status``)."""

    REQUESTED = "requested"
    RECEIVED = "received"
    REFUNDED = "refunded"
    REJECTED = "rejected"


class RefundStatus(StrEnum):
    """Money on its way back (``refunds.status``)."""

    PENDING = "pending"
    PROCESSING = "processing"
    PAID = "paid"
    FAILED = "failed"


class InvoiceStatus(StrEnum):
    """An invoice (``invoices.status``)."""

    ISSUED = "issued"
    PAID = "paid"
    VOID = "void"


class PaymentStatus(StrEnum):
    """A payment attempt (``payments.status``)."""

    AUTHORIZED = "authorized"
    CAPTURED = "captured"
    FAILED = "failed"
    REFUNDED = "refunded"


class OfferStatus(StrEnum):
    """What became of a product offered in the chat (``offers.status``)."""

    SHOWN = "shown"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    IGNORED = "ignored"


class OutboxStatus(StrEnum):
    """A message waiting for, or handled by, the sender (``outbox.status``)."""

    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class TicketStatus(StrEnum):
    """A case for a human colleague (``support_tickets.status``)."""

    OPEN = "open"
    PENDING = "pending"
    RESOLVED = "resolved"
