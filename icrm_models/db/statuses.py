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


# --- live chat with a human agent (issue 18): the console's tables in icrm_models.db.tables.live


class CaseStatus(StrEnum):
    """Where a live-chat handoff case is (``live_cases.status``).

    ``with_bot`` is a case an agent handed back to the assistant: still open (the conversation
    may come back to the queue), but nobody works on it.
    """

    QUEUED = "queued"
    ASSIGNED = "assigned"
    WITH_BOT = "with_bot"
    CLOSED = "closed"


class AgentPresence(StrEnum):
    """Whether an agent takes chats now (``agents.presence``)."""

    ONLINE = "online"
    AWAY = "away"
    OFFLINE = "offline"


class AgentRole(StrEnum):
    """What an agent may see (``agents.role``): a supervisor sees every team's cases."""

    AGENT = "agent"
    SUPERVISOR = "supervisor"


class CaseReason(StrEnum):
    """Why a conversation reached a human (``live_cases.reason``)."""

    ASKED = "asked"
    FALLBACK = "fallback"
    ESCALATION = "escalation"
    ACCEPTED_OFFER = "accepted_offer"
    AGENT_PICK = "agent_pick"


class CasePriority(StrEnum):
    """How urgent a case is (``live_cases.priority``); members are listed lowest first."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class CaseResolution(StrEnum):
    """How a closed case ended (``live_cases.resolution``)."""

    SOLVED = "solved"
    NOT_SOLVED = "not_solved"


class NoteKind(StrEnum):
    """An agent's private note, or a line the console wrote itself (``live_notes.kind``)."""

    NOTE = "note"
    SYSTEM = "system"
