"""Change requests for an order (size, colour, quantity): a ticket for a colleague.

Only the warehouse can repack an order, so the chat records what the customer wants as a
support ticket (category ``order_change``) while the order has not shipped; after that, the
answer is a return.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from icrm_models.db.schema import SupportTicket
from icrm_models.db.statuses import OrderStatus, TicketStatus
from icrm_models.orders.lifecycle import is_before_shipment
from icrm_models.orders.owned import owned_order

TICKET_CATEGORY = "order_change"
REQUEST_LIMIT = 1000  # characters of the customer's description a ticket takes
MIN_LETTERS = 2


def parse_change_request(text: str | None) -> str | None:
    """The customer's description of a change, tidied; None when it says nothing usable.

    Control and direction-override characters are dropped and whitespace collapsed (the text
    goes to a colleague, not into a label); an empty, letter-less or overlong text is None.
    """
    if text is None:
        return None
    spaced = (" " if char.isspace() else char for char in unicodedata.normalize("NFC", str(text)))
    kept = "".join(char for char in spaced if unicodedata.category(char)[0] != "C")
    cleaned = " ".join(kept.split())
    letters = sum(1 for char in cleaned if char.isalpha())
    if letters < MIN_LETTERS or len(cleaned) > REQUEST_LIMIT:
        return None
    return cleaned


@dataclass(frozen=True)
class ChangeResult:
    """The outcome: the ticket opened, or the status that made a change impossible."""

    order_id: int
    status: OrderStatus
    ticket_id: int | None  # None: the order can't be changed any more

    @property
    def recorded(self) -> bool:
        return self.ticket_id is not None


def request_order_change(
    session: Session,
    *,
    customer_id: int,
    order_id: int,
    request: str,
    conversation_id: str | None,
    now: datetime,
) -> ChangeResult | None:
    """Open a ticket for the change ``request`` if the order hasn't shipped, and commit.

    None when ``order_id`` is not ``customer_id``'s order. ``request`` must pass
    :func:`parse_change_request` (a ValueError says so otherwise).
    """
    cleaned = parse_change_request(request)
    if cleaned is None:
        raise ValueError(f"not a usable change request: {request[:40]!r}")
    order = owned_order(session, customer_id=customer_id, order_id=order_id, for_update=True)
    if order is None:
        return None
    if not is_before_shipment(order.status):
        return ChangeResult(order_id=order.id, status=order.status, ticket_id=None)
    ticket = SupportTicket(
        customer_id=customer_id,
        order_id=order.id,
        category=TICKET_CATEGORY,
        priority="normal",
        status=TicketStatus.OPEN,
        summary=f"Change request for order {order.id} (from the chat): {cleaned}",
        conversation_id=conversation_id,
        created_at=now,
        resolved_at=None,
    )
    session.add(ticket)
    session.commit()
    return ChangeResult(order_id=order.id, status=order.status, ticket_id=ticket.id)
