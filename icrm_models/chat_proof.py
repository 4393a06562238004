"""The signed record that a guest proved who they are inside one conversation.

A guest proves an identity in the chat with their e-mail and one of their order numbers
(:mod:`icrm_models.identity_check`). What the conversation keeps of that is this proof, stored in
a slot: ``v1.<payload>.<signature>``, the payload naming the customer, the order they proved and
an expiry, the HMAC also covering the conversation id and a hash of the widget's client key (a
random secret the widget keeps for the conversation and sends with each message, never stored by
the assistant). So a slot value set by anyone else, copied from another conversation, replayed
after its expiry, or presented by someone who only knows the conversation id proves nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from icrm_models.identity import b64decode, b64encode, finite_expiry, mac

VERSION = "v1"
DEFAULT_TTL_S = 30 * 60
MIN_CLIENT_KEY_LENGTH = 16
MAX_PROOF_LENGTH = 512


class InvalidChatProofError(ValueError):
    """The proof is malformed, forged, expired or belongs to another conversation or client."""


@dataclass(frozen=True)
class ChatProof:
    """What a valid proof says: the customer, and the one order the guest proved."""

    customer_id: int
    order_id: int | None
    expires_at: float


def client_key_hash(client_key: str | None) -> str:
    """A fingerprint of the widget's client key ('' when there is none), for the signature."""
    if not client_key:
        return ""
    return hashlib.sha256(client_key.encode()).hexdigest()


def sign_chat_proof(
    customer_id: int,
    key: bytes,
    *,
    conversation_id: str,
    client_key: str,
    order_id: int | None,
    ttl_s: int = DEFAULT_TTL_S,
    now: float | None = None,
) -> str:
    """A proof that the guest in ``conversation_id`` (with ``client_key``) is ``customer_id``."""
    if not client_key or len(client_key) < MIN_CLIENT_KEY_LENGTH:
        raise ValueError("an in-chat proof needs the widget's client key")
    expires = int(time.time() if now is None else now) + ttl_s
    claims = {"sub": customer_id, "ord": order_id, "exp": expires}
    payload = b64encode(json.dumps(claims, separators=(",", ":")).encode())
    signature = mac(
        key, "chat-proof", VERSION, payload, conversation_id, client_key_hash(client_key)
    )
    return f"{VERSION}.{payload}.{signature}"


def verify_chat_proof(
    value: str,
    key: bytes,
    *,
    conversation_id: str,
    client_key: str | None,
    now: float | None = None,
) -> ChatProof:
    """What ``value`` proves in this conversation for this client; an error otherwise."""
    if not isinstance(value, str) or len(value) > MAX_PROOF_LENGTH or value.count(".") != 2:
        raise InvalidChatProofError("malformed in-chat proof")
    version, payload, signature = value.split(".")
    if version != VERSION or not client_key:
        raise InvalidChatProofError("in-chat proof without a client key or of an unknown version")
    expected = mac(
        key, "chat-proof", VERSION, payload, conversation_id, client_key_hash(client_key)
    )
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise InvalidChatProofError("in-chat proof signature does not match")
    try:
        claims = json.loads(b64decode(payload))
        customer_id = int(claims["sub"])
        order = claims.get("ord")
        order_id = None if order is None else int(order)
        expires = finite_expiry(claims["exp"])
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidChatProofError("in-chat proof payload is not valid") from exc
    if expires < (time.time() if now is None else now):
        raise InvalidChatProofError("in-chat proof has expired")
    return ChatProof(customer_id=customer_id, order_id=order_id, expires_at=expires)
