"""Real HTTP servers for the console's tests: uvicorn in a thread on a free port.

The Rasa stand-in is a tiny Starlette app with Rasa's live route only, for these unit tests
(the end-to-end tests talk to the real Rasa): it records every request it took and answers
what the test told it to.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: ASGIApp) -> Iterator[str]:
    """Serve ``app`` on a free loopback port while the block runs; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=2
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 10 s")
        time.sleep(0.02)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class RasaStandIn:
    """What the stand-in took, and how it answers the next requests."""

    token: str
    received: list[dict[str, Any]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    refuse_with: int | None = None  # answer this status with {"error": ...} instead of ok

    def app(self) -> Starlette:
        """Rasa's live route, checking the Bearer token like the real one."""

        async def live(request: Request) -> Response:
            authorization = request.headers.get("Authorization", "")
            self.headers.append(authorization)
            if authorization != f"Bearer {self.token}":
                return JSONResponse({"error": "unauthorised"}, status_code=401)
            if self.refuse_with is not None:
                return JSONResponse({"error": "no such conversation"}, status_code=self.refuse_with)
            self.received.append(await request.json())
            return JSONResponse({"ok": True})

        return Starlette(routes=[Route("/webhooks/socketio/live", live, methods=["POST"])])

    def kinds(self) -> list[str]:
        """The kinds of the steps it took, in order."""
        return [str(body["kind"]) for body in self.received]


def wait_until_healthy(url: str) -> None:
    """Wait until ``url``/healthz answers 200 (10 s at most)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not become healthy")
