"""Signed identity tokens: how the shop tells the assistant who is logged in.

The shop's web server signs ``{"sub": customer_id, "sid": conversation_id, "exp": ...}`` with a
key it shares with the action server (HMAC-SHA256); the chat widget passes the token along with
each message. The action server trusts a customer id only if the signature and expiry check out
*and* the token was issued for the conversation it arrives in, so a customer cannot claim to be
someone else by editing the page, and a token read from a stored conversation (or a log) proves
nothing in another conversation. Tokens are short-lived (``DEFAULT_TTL_S``); the widget asks the
shop for a fresh one before the old one expires.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import time

DEFAULT_TTL_S = 15 * 60
MAX_TOKEN_LENGTH = 1024
MAX_SESSION_ID_LENGTH = 256


class InvalidIdentityTokenError(ValueError):
    """The token is malformed, forged, expired or issued for another conversation."""


def b64encode(data: bytes) -> str:
    """URL-safe base64 without padding (the token alphabet)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64decode(text: str) -> bytes:
    """The inverse of :func:`b64encode`."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mac(key: bytes, *parts: str) -> str:
    """HMAC-SHA256 of ``parts`` (NUL-separated, so no two part lists give the same input)."""
    return b64encode(hmac.new(key, "\0".join(parts).encode(), hashlib.sha256).digest())


def finite_expiry(value: object) -> float:
    """``value`` as a finite expiry time; ValueError for ``inf``, ``nan``, bools and non-numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("expiry is not a number")
    expiry = float(value)
    if not math.isfinite(expiry):
        raise ValueError("expiry is not finite")
    return expiry


def sign_identity(
    customer_id: int,
    key: bytes,
    *,
    session_id: str,
    ttl_s: int = DEFAULT_TTL_S,
    now: float | None = None,
) -> str:
    """A token that says ``customer_id`` is logged in, for conversation ``session_id`` only."""
    if not session_id or len(session_id) > MAX_SESSION_ID_LENGTH:
        raise ValueError("an identity token needs the conversation (session) id it is for")
    issued = int(time.time() if now is None else now)
    claims = {"sub": customer_id, "sid": session_id, "iat": issued, "exp": issued + ttl_s}
    payload = b64encode(json.dumps(claims, separators=(",", ":")).encode())
    return f"{payload}.{mac(key, 'identity', payload)}"


def verify_identity(token: str, key: bytes, *, session_id: str, now: float | None = None) -> int:
    """The customer id inside a valid token for ``session_id``; an error otherwise."""
    if not isinstance(token, str) or token.count(".") != 1 or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidIdentityTokenError("malformed identity token")
    payload, signature = token.split(".")
    expected = mac(key, "identity", payload)
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise InvalidIdentityTokenError("identity token signature does not match")
    try:
        claims = json.loads(b64decode(payload))
        customer_id = int(claims["sub"])
        expires = finite_expiry(claims["exp"])
        bound_to = str(claims["sid"])
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidIdentityTokenError("identity token payload is not valid") from exc
    if expires < (time.time() if now is None else now):
        raise InvalidIdentityTokenError("identity token has expired")
    if not hmac.compare_digest(bound_to.encode(), str(session_id).encode()):
        raise InvalidIdentityTokenError("identity token was issued for another conversation")
    return customer_id
