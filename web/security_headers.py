"""Security headers on every response of the demo shop (OWASP's secure-headers baseline).

The page loads only its own scripts and styles (``index.html`` has no inline script or style;
``shop.js`` and the widget, ``/widget.js``, build the DOM with ``textContent``, and the widget's
styles are a constructed stylesheet of its shadow root, not inline), so the
Content-Security-Policy can forbid everything else: scripts injected through a product name or a
chat message would not run. The one other party is the Rasa server, which the widget reaches over
socket.io and for its history replay (``connect-src``).
``frame-ancestors`` lets only the shop's own pages embed it (click-jacking); X-Frame-Options
says the same to browsers that predate CSP.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from icrm_models.web_origins import web_origin


def socket_origins(rasa_url: str) -> list[str]:
    """The origins the widget's socket.io client uses for ``rasa_url``: http(s) and ws(s).

    >>> socket_origins("http://127.0.0.1:5005")
    ['http://127.0.0.1:5005', 'ws://127.0.0.1:5005']
    """
    origin = web_origin(rasa_url)
    secure = urlsplit(origin).scheme == "https"
    return [origin, ("wss" if secure else "ws") + origin[len("https" if secure else "http") :]]


def content_security_policy(*, rasa_url: str, frame_ancestors: Iterable[str] = ()) -> str:
    """The page's CSP: its own files, the Rasa server's socket, framed only by the shop."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'", *socket_origins(rasa_url)],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'", *frame_ancestors],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def security_headers(*, rasa_url: str, frame_ancestors: Sequence[str] = ()) -> dict[str, str]:
    """The headers every response carries."""
    return {
        "Content-Security-Policy": content_security_policy(
            rasa_url=rasa_url, frame_ancestors=frame_ancestors
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "SAMEORIGIN",
    }


class SecurityHeadersMiddleware:
    """ASGI middleware that adds ``headers`` to every HTTP response (errors and files too)."""

    def __init__(self, app: ASGIApp, *, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
