"""Rasa's real HTTP app with our channels, on a free loopback port (Rasa's runtime only).

The check scripts run in .venv-rasa; they build the app from bot/credentials.yml exactly as
`rasa run` does, give it a stand-in agent, and serve it with Sanic's own server.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import Any

from rasa.core import run

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bot"))  # credentials.yml names channels.guarded.*


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def start_channels(
    agent: Any, *, cors: list[str] | None = None
) -> tuple[Any, str, list[Any]]:
    """Rasa's app with the channels of bot/credentials.yml and ``agent``, serving: the server
    (the caller closes it), its base URL and the input channels."""
    channels = run.create_http_input_channels(None, str(ROOT / "bot" / "credentials.yml"))
    app = run.configure_app(channels, cors=cors, enable_api=False, route="/webhooks/")
    app.ctx.agent = agent
    port = free_port()
    server = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
    )
    assert server is not None
    await server.startup()
    await server.start_serving()
    return server, f"http://127.0.0.1:{port}", channels
