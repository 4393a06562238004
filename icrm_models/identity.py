"""Signed identity tokens: how the shop tells the assistant who is logged in.

The shop's web server signs ``{"sub": customer_id, "exp": ...}`` with a key it shares with the
action server (HMAC-SHA256); the chat widget passes the token along with each message. The
action server trusts a customer id only if the signature and expiry check out, so a customer
cannot claim to be someone else by editing the page.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time


class InvalidIdentityTokenError(ValueError):
    """The token is malformed, forged or expired."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_identity(
    customer_id: int, key: bytes, *, ttl_s: int = 8 * 3600, now: float | None = None
) -> str:
    """A token that says ``customer_id`` is logged in, valid for ``ttl_s`` seconds."""
    issued = int(time.time() if now is None else now)
    payload = _b64(
        json.dumps(
            {"sub": customer_id, "iat": issued, "exp": issued + ttl_s}, separators=(",", ":")
        ).encode()
    )
    signature = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    return f"{payload}.{signature}"


def verify_identity(token: str, key: bytes, *, now: float | None = None) -> int:
    """The customer id inside a valid token; :class:`InvalidIdentityTokenError` otherwise."""
    if not isinstance(token, str) or token.count(".") != 1 or len(token) > 1024:
        raise InvalidIdentityTokenError("malformed identity token")
    payload, signature = token.split(".")
    expected = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise InvalidIdentityTokenError("identity token signature does not match")
    try:
        claims = json.loads(_unb64(payload))
        customer_id = int(claims["sub"])
        expires = int(claims["exp"])
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidIdentityTokenError("identity token payload is not valid") from exc
    if expires < (time.time() if now is None else now):
        raise InvalidIdentityTokenError("identity token has expired")
    return customer_id
