"""How far a conversation may see a customer's orders: all of them logged in, one as a guest.

A guest proven in the chat (:mod:`actions.verification`) showed an e-mail address and one order
number: they may see and act on **that order** only (look-ups, cancellation, its return, its
invoice). Any other order of the same customer gets exactly the answer someone else's order
gets, so a guest learns nothing about orders they did not prove; the callers arrange that by
treating an order outside the scope like an order that isn't the customer's. Purchase history
beyond that order (recent orders, personal recommendations "because you bought ...", adding to
an order draft) is for the logged-in customer only.
"""

from __future__ import annotations

from collections.abc import Iterable

from rasa_sdk import Tracker

from actions.identity import ChatIdentity, current_identity


def may_see_order(tracker: Tracker, order_id: int) -> bool:
    """Whether this conversation may show or act on ``order_id`` (ownership is checked apart).

    True without any identity too: whoever can't be identified is stopped by the ownership
    checks (and told to log in), not here.
    """
    identity = current_identity(tracker)
    return identity is None or identity.may_see_order(order_id)


def visible_orders(identity: ChatIdentity | None, order_ids: Iterable[int]) -> list[int]:
    """The ``order_ids`` this identity may see, in order (all of them for the logged-in)."""
    if identity is None:
        return []
    return [order_id for order_id in order_ids if identity.may_see_order(order_id)]


def guest_order(tracker: Tracker) -> int | None:
    """The order a guest proved (None for the logged-in and the unidentified)."""
    identity = current_identity(tracker)
    return identity.order_id if identity is not None and not identity.logged_in else None


def is_guest(tracker: Tracker) -> bool:
    """Whether the conversation speaks for a customer proven in the chat, not logged in."""
    identity = current_identity(tracker)
    return identity is not None and not identity.logged_in


def personal_customer_id(tracker: Tracker) -> int | None:
    """The logged-in customer's id, for what reads their whole purchase history; else None."""
    identity = current_identity(tracker)
    return identity.customer_id if identity is not None and identity.logged_in else None
