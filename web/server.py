"""The demo shop's HTTP app (Starlette): the page, a demo log-in, and read-only shop data."""

from __future__ import annotations

import argparse
import ipaddress
import socket
from pathlib import Path

import uvicorn
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from icrm_models.db.engine import make_engine, make_session_factory
from icrm_models.identity import sign_identity
from icrm_models.settings import Settings, get_settings
from web.shop_data import customer_exists, demo_customers, featured_products

STATIC = Path(__file__).with_name("static")


def create_app(settings: Settings, *, rasa_url: str) -> Starlette:
    """The app; the engine is created here, when the app is built, not at import."""
    sessions: sessionmaker[Session] = make_session_factory(
        make_engine(settings.resolved_database_url)
    )

    async def index(_: Request) -> Response:
        return FileResponse(STATIC / "index.html")

    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def config(_: Request) -> Response:
        return JSONResponse({"rasa_url": rasa_url, "socket_path": "/socket.io"})

    def customers(_: Request) -> Response:
        if not settings.demo_login:
            return JSONResponse([])
        with sessions() as session:
            return JSONResponse(demo_customers(session))

    def products(_: Request) -> Response:
        with sessions() as session:
            return JSONResponse(featured_products(session))

    async def login(request: Request) -> Response:
        """Demo log-in: the shop vouches for the chosen customer with a signed token.

        A real shop issues the token after its own authentication; the assistant only ever
        trusts the signature, never a customer id typed into the chat.
        """
        if not settings.demo_login:
            return JSONResponse({"error": "demo log-in is disabled"}, status_code=403)
        try:
            body = await request.json()
            customer_id = int(body["customer_id"])
        except (ValueError, KeyError, TypeError, OverflowError):
            return JSONResponse({"error": 'send {"customer_id": <number>}'}, status_code=400)
        if not 0 < customer_id < 2**31:
            return JSONResponse({"error": "no such customer"}, status_code=404)

        def exists() -> bool:
            with sessions() as session:
                return customer_exists(session, customer_id)

        if not await run_in_threadpool(exists):
            return JSONResponse({"error": "no such customer"}, status_code=404)
        token = sign_identity(
            customer_id, settings.identity_key, ttl_s=settings.identity_token_ttl_s
        )
        return JSONResponse({"customer_id": customer_id, "identity_token": token})

    return Starlette(
        routes=[
            Route("/", index),
            Route("/healthz", health),
            Route("/api/config", config),
            Route("/api/customers", customers),
            Route("/api/products", products),
            Route("/api/login", login, methods=["POST"]),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m web")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    args = parser.parse_args(argv)
    settings = get_settings()
    if (
        settings.demo_login
        and not ipaddress.ip_address(socket.gethostbyname(args.host)).is_loopback
    ):
        raise SystemExit(
            f"refusing to serve the demo log-in (anyone may chat as any customer) on {args.host}; "
            "listen on 127.0.0.1 or set ICRM_DEMO_LOGIN=false"
        )
    app = create_app(settings, rasa_url=args.rasa_url)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
