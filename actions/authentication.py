"""The action server answers only Rasa: one shared secret, checked here for every request.

Rasa sends ``Authorization: Bearer <token>`` with every action call (``action_endpoint.headers``
in endpoints.yml, filled from ``ICRM_ACTION_SERVER_TOKEN``). Without this, anyone who can reach
the port could post a made-up tracker to ``/webhook`` and run any action as any customer. Only
``/health`` is open (the launcher's and load balancers' probe; it reveals nothing).

Also here, because they guard the same door: an access log line per request (method, path,
status, duration, peer -- never the body, which holds the customer's messages), and an error
handler that never echoes the request back (rasa-sdk's default returns the whole body).
"""

from __future__ import annotations

import hmac
import logging
import time
from typing import Any

from sanic import Request, Sanic, response
from sanic.response import BaseHTTPResponse, HTTPResponse

logger = logging.getLogger(__name__)
access = logging.getLogger("actions.access")

OPEN_PATHS = frozenset({"/health"})
SCHEME = "Bearer "


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header, if the request has one."""
    header = request.headers.get("authorization") or ""
    return header[len(SCHEME) :].strip() if header.startswith(SCHEME) else None


def is_authorised(request: Request, expected: str) -> bool:
    """Whether ``request`` carries the shared secret (compared in constant time)."""
    presented = bearer_token(request)
    return presented is not None and hmac.compare_digest(presented.encode(), expected.encode())


def protect(app: Sanic[Any, Any], *, token: str) -> None:
    """Refuse every request to ``app`` but the open paths unless it carries ``token``."""
    if not token:
        raise ValueError("the action server needs a token to check Rasa's calls against")

    async def check(request: Request) -> HTTPResponse | None:
        request.ctx.started = time.perf_counter()
        if request.path in OPEN_PATHS or is_authorised(request, token):
            return None
        logger.warning(
            "refused %s %s from %s: missing or wrong token",
            request.method,
            request.path,
            peer(request),
        )
        return response.json({"error": "unauthorised"}, status=401)

    async def log_access(request: Request, reply: BaseHTTPResponse) -> None:
        started = getattr(request.ctx, "started", None)
        took_ms = (time.perf_counter() - started) * 1000 if started is not None else -1.0
        access.info(
            "%s %s %s %.1f ms from %s",
            request.method,
            request.path,
            reply.status,
            took_ms,
            peer(request),
        )

    app.register_middleware(check, "request")
    app.register_middleware(log_access, "response")

    async def failed(request: Request, exception: Exception) -> HTTPResponse:
        logger.error("request %s %s failed", request.method, request.path, exc_info=exception)
        return response.json({"error": "internal error"}, status=500)

    # rasa-sdk registered a handler that returns the whole request body (the customer's
    # conversation) in its error response: ours replaces it.
    app.error_handler.cached_handlers.pop((Exception, None), None)
    app.error_handler.add(Exception, failed)


def peer(request: Request) -> str:
    """Who sent ``request`` (the socket's address; no proxy headers are trusted)."""
    address = request.conn_info.client_ip if request.conn_info else None
    return address or "unknown"
