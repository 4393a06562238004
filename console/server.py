"""The agents' console app (Starlette): pages, the JSON API, and the live stream.

``create_app`` builds everything (engine, hub, Rasa client) when called, never at import; the
hub's poller starts with the app and stops with it (the lifespan). Every response carries the
shop's security headers (:mod:`web.security_headers`): the pages load only their own files and
talk only to the console itself.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from console.auth import auth_routes
from console.cases import case_routes
from console.context import Console
from console.customer360 import customer_routes
from console.errors import EXCEPTION_HANDLERS
from console.hub import Hub
from console.messaging import messaging_routes
from console.people import people_routes
from console.rasa_live import RasaLive
from console.stream import stream_routes
from icrm_models.clock import Clock, utc_now
from icrm_models.db.engine import make_engine, make_session_factory
from icrm_models.settings import Settings, get_settings
from icrm_models.settings_problems import settings_problems
from web.security_headers import SecurityHeadersMiddleware, security_headers

STATIC = Path(__file__).with_name("static")
logger = logging.getLogger("console")


def live_token_of(settings: Settings) -> str:
    """The shared secret of Rasa's live route and the console's ``/internal`` routes."""
    return settings.live_api_token


def create_app(
    settings: Settings,
    *,
    rasa_url: str,
    clock: Clock = utc_now,
    poll_interval_s: float = 0.15,
) -> Starlette:
    """The console app; ``rasa_url`` is where Rasa's live route is (``/webhooks/socketio/live``)."""
    engine = make_engine(settings.resolved_database_url)
    sessions = make_session_factory(engine)
    token = live_token_of(settings)
    console = Console(
        settings=settings,
        sessions=sessions,
        clock=clock,
        rasa=RasaLive(rasa_url, token),
        live_token=token,
    )
    hub = Hub(sessions, clock=clock, interval_s=poll_interval_s)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await hub.start()
        try:
            yield
        finally:
            await hub.stop()
            engine.dispose()

    async def page(_: Request) -> Response:
        return FileResponse(STATIC / "index.html")

    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route("/", page),
            Route("/healthz", health),
            *auth_routes(console),
            *case_routes(console),
            *messaging_routes(console),
            *customer_routes(console),
            *people_routes(console),
            *stream_routes(console, hub),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        middleware=[
            Middleware(
                SecurityHeadersMiddleware,
                headers=security_headers(rasa_url=rasa_url) | {"Cache-Control": "no-store"},
            )
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=lifespan,
    )


def main(argv: list[str] | None = None) -> None:
    """``python -m console``: serve the console (port and Rasa's URL default to settings)."""
    parser = argparse.ArgumentParser(prog="python -m console")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, help="[default: ICRM_CONSOLE_PORT, 8001]")
    parser.add_argument("--rasa-url", help="[default: http://127.0.0.1:$ICRM_RASA_PORT]")
    args = parser.parse_args(argv)
    try:
        settings = get_settings()
    except ValidationError as error:
        raise SystemExit(f"refusing to start the console: {settings_problems(error)}") from None
    rasa_url = args.rasa_url or f"http://127.0.0.1:{settings.rasa_port}"
    port = settings.console_port if args.port is None else args.port
    app = create_app(settings, rasa_url=rasa_url)
    # open live streams never end by themselves: give them a moment, then stop
    uvicorn.run(app, host=args.host, port=port, log_level="warning", timeout_graceful_shutdown=3)
