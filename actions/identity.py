"""Who the customer in a conversation is.

Two ways to know: the shop's signed token that the widget sends with every message (a logged-in
customer), or a check in the conversation itself (e-mail plus one of their order numbers, see
``actions.verification``), which holds for ``IN_CHAT_TTL_S``. The token wins when both exist.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from rasa_sdk import Tracker

from actions.services import services
from icrm_models.identity import InvalidIdentityTokenError, verify_identity

logger = logging.getLogger(__name__)

TOKEN_KEY = "identity_token"
VERIFIED_SLOT = "verified_customer_id"  # "<customer id>:<unix time of the check>"
IN_CHAT_TTL_S = 30 * 60


def _latest_token(tracker: Tracker) -> str | None:
    """The identity token sent with the newest user message, if that message carried one.

    Only the newest message counts: the widget sends the token with every message, and a
    message without one must not inherit an earlier customer's identity (anyone who knows a
    conversation id can post into it through the REST or socket.io channel).
    """
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        metadata: Any = event.get("metadata") or {}
        token = metadata.get(TOKEN_KEY) if isinstance(metadata, dict) else None
        return str(token) if token else None
    return None


def verified_customer_id(tracker: Tracker) -> int | None:
    """The logged-in customer's id, or None when no valid token came with the conversation."""
    token = _latest_token(tracker)
    if token is None:
        return None
    try:
        return verify_identity(token, services().settings.identity_key)
    except InvalidIdentityTokenError as exc:
        logger.warning("conversation %s: identity token rejected: %s", tracker.sender_id, exc)
        return None


def verified_in_chat(tracker: Tracker, *, now: float | None = None) -> int | None:
    """The customer proven in this conversation within the last ``IN_CHAT_TTL_S``, if any."""
    value = tracker.get_slot(VERIFIED_SLOT)
    if not value:
        return None
    try:
        customer, checked_at = str(value).split(":")
        if (now or time.time()) - float(checked_at) > IN_CHAT_TTL_S:
            return None
        return int(customer)
    except ValueError:
        return None


def in_chat_proof(customer_id: int, *, now: float | None = None) -> str:
    """The slot value that records a successful check in the conversation."""
    return f"{customer_id}:{int(now or time.time())}"


def current_customer_id(tracker: Tracker) -> int | None:
    """The customer this conversation may see data of: token first, then the in-chat check."""
    return verified_customer_id(tracker) or verified_in_chat(tracker)
