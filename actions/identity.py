"""Who the customer in a conversation is, and how far the conversation may act for them.

Two ways to know:

- **Logged in.** The shop signs a short-lived token for the logged-in customer and this
  conversation (:mod:`icrm_models.identity`); the widget sends it with every message.
- **Proven in the chat.** A guest gives their e-mail and one of their order numbers
  (``actions.verification``); the conversation then holds a signed proof
  (:mod:`icrm_models.chat_proof`) bound to the conversation and to the widget's client key.
  Such a guest may see and act on **the order they proved** only; changing the account (e-mail,
  addresses, deletion) needs the log-in or a link sent to the account's e-mail.

The token wins when both exist. Token and client key come from the newest user message only
(:func:`actions.widget_metadata.widget_metadata`, the one reader of the widget's metadata).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass

from rasa_sdk import Tracker

from actions.services import run_query, services
from actions.widget_metadata import widget_metadata
from icrm_models.chat_proof import InvalidChatProofError, sign_chat_proof, verify_chat_proof
from icrm_models.clock import utc_now
from icrm_models.identity import InvalidIdentityTokenError, verify_identity
from icrm_models.privacy.conversations import remember_conversation

logger = logging.getLogger(__name__)

VERIFIED_SLOT = "verified_customer_id"  # slot: the signed in-chat proof (icrm_models.chat_proof)


@dataclass(frozen=True)
class ChatIdentity:
    """The customer a conversation speaks for.

    ``logged_in`` is True for the shop's token; False for a guest proven in the chat, who may
    act on ``order_id`` (the order they proved) only.
    """

    customer_id: int
    logged_in: bool
    order_id: int | None = None

    def may_see_order(self, order_id: int) -> bool:
        """Whether this conversation may show or act on ``order_id`` (ownership is separate)."""
        return self.logged_in or self.order_id == order_id


def verified_customer_id(tracker: Tracker) -> int | None:
    """The logged-in customer's id, or None when no valid token came with the newest message."""
    token = widget_metadata(tracker).get("identity_token")
    if token is None:
        return None
    try:
        return verify_identity(
            token, services().settings.identity_key, session_id=str(tracker.sender_id)
        )
    except InvalidIdentityTokenError as exc:
        logger.warning("conversation %s: identity token rejected: %s", tracker.sender_id, exc)
        return None


def proven_in_chat(tracker: Tracker, *, now: float | None = None) -> ChatIdentity | None:
    """The guest proven in this conversation, by this client, within the proof's lifetime."""
    value = tracker.get_slot(VERIFIED_SLOT)
    if not value:
        return None
    try:
        proof = verify_chat_proof(
            str(value),
            services().settings.identity_key,
            conversation_id=str(tracker.sender_id),
            client_key=widget_metadata(tracker).get("client_key"),
            now=now,
        )
    except InvalidChatProofError as exc:
        logger.warning("conversation %s: in-chat proof rejected: %s", tracker.sender_id, exc)
        return None
    return ChatIdentity(customer_id=proof.customer_id, logged_in=False, order_id=proof.order_id)


def verified_in_chat(tracker: Tracker, *, now: float | None = None) -> int | None:
    """The id of the guest proven in this conversation, if any."""
    proven = proven_in_chat(tracker, now=now)
    return proven.customer_id if proven else None


def can_prove_in_chat(tracker: Tracker) -> bool:
    """Whether this conversation's client can hold an in-chat proof (it sends a client key)."""
    key = widget_metadata(tracker).get("client_key")
    return key is not None and len(key) >= 16


def in_chat_proof(
    tracker: Tracker, customer_id: int, *, order_id: int | None, now: float | None = None
) -> str:
    """The slot value that records a successful check in this conversation, by this client."""
    return sign_chat_proof(
        customer_id,
        services().settings.identity_key,
        conversation_id=str(tracker.sender_id),
        client_key=widget_metadata(tracker).get("client_key", ""),
        order_id=order_id,
        now=utc_now().timestamp() if now is None else now,
    )


def current_identity(tracker: Tracker) -> ChatIdentity | None:
    """Who this conversation speaks for: the logged-in customer first, then a proven guest."""
    customer_id = verified_customer_id(tracker)
    if customer_id is not None:
        return ChatIdentity(customer_id=customer_id, logged_in=True)
    return proven_in_chat(tracker)


def current_customer_id(tracker: Tracker) -> int | None:
    """The customer this conversation may see data of: token first, then the in-chat check."""
    identity = current_identity(tracker)
    return identity.customer_id if identity else None


# Pairs (customer, conversation) this process has recorded already: saves the look-up per turn.
_REMEMBERED: OrderedDict[tuple[int, str], None] = OrderedDict()
REMEMBERED_MAX = 10_000


async def remember_identity(tracker: Tracker) -> None:
    """Record which customer this conversation speaks for, so that forget-me finds it.

    Called before every action (``actions.errors``): a conversation in which a customer was
    identified may hold their data in Rasa's tracker store even when nothing else was written.
    A failure is logged and ignored here; the action itself reports trouble with the database.
    """
    identity = current_identity(tracker)
    if identity is None:
        return
    key = (identity.customer_id, str(tracker.sender_id))
    if key in _REMEMBERED:
        _REMEMBERED.move_to_end(key)
        return
    try:
        await run_query(
            lambda s: remember_conversation(
                s, customer_id=key[0], conversation_id=key[1], now=utc_now()
            )
        )
    except Exception:
        logger.warning("conversation %s: could not record its customer", key[1], exc_info=True)
        return
    _REMEMBERED[key] = None
    while len(_REMEMBERED) > REMEMBERED_MAX:
        _REMEMBERED.popitem(last=False)
