"""Who the customer in a conversation is, as vouched for by the shop's signed token."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker

from actions.services import services
from icrm_models.identity import InvalidIdentityTokenError, verify_identity

logger = logging.getLogger(__name__)

TOKEN_KEY = "identity_token"


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
