"""The demo shop's HTTP app (Starlette): the page, a demo log-in, and read-only shop data.

The demo log-in lets anyone chat as any customer, so it answers only in development, and the
app refuses to start with it beyond loopback; every response carries the security headers of
:mod:`web.security_headers`.
"""

from __future__ import annotations

import argparse
import html
import ipaddress
import socket
from pathlib import Path

import uvicorn
from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from icrm_models.db.engine import make_engine, make_session_factory
from icrm_models.identity import MAX_SESSION_ID_LENGTH, sign_identity
from icrm_models.policies.source import PolicySource
from icrm_models.settings import Settings, get_settings
from icrm_models.settings_problems import settings_problems
from web.account_confirm import account_confirm_routes
from web.payloads import (
    ConfigBody,
    CustomerSummary,
    ErrorBody,
    HealthBody,
    LoginBody,
    PickerCustomer,
)
from web.security_headers import SecurityHeadersMiddleware, security_headers
from web.shop_data import demo_customers, featured_products, logged_in_customer
from widget.routes import widget_routes

STATIC = Path(__file__).with_name("static")
SOCKET_IO = STATIC / "vendor" / "socket.io.min.js"
RASA_URL_SLOT = "{{rasa_url}}"


def shop_page(rasa_url: str) -> str:
    """``index.html`` with the Rasa server's URL in the widget's tag (its ``data-rasa-url``)."""
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    return page.replace(RASA_URL_SLOT, html.escape(rasa_url, quote=True))


def refused(message: str, status_code: int) -> JSONResponse:
    """A refused request: ``{"error": message}`` with ``status_code``."""
    return JSONResponse(ErrorBody(error=message), status_code=status_code)


def create_app(settings: Settings, *, rasa_url: str) -> Starlette:
    """The app; the engine is created here, when the app is built, not at import."""
    sessions: sessionmaker[Session] = make_session_factory(
        make_engine(settings.resolved_database_url)
    )

    page = shop_page(rasa_url)

    async def index(_: Request) -> Response:
        return HTMLResponse(page)

    async def health(_: Request) -> Response:
        return JSONResponse(HealthBody(status="ok"))

    async def config(_: Request) -> Response:
        return JSONResponse(ConfigBody(rasa_url=rasa_url, socket_path="/socket.io"))

    def customers(_: Request) -> Response:
        """The picker's customers (id and name); none unless the demo log-in is on: an empty
        list, so the widget still works as a guest."""
        if not settings.demo_login_active:
            nobody: list[PickerCustomer] = []
            return JSONResponse(nobody)
        with sessions() as session:
            return JSONResponse(demo_customers(session))

    def products(_: Request) -> Response:
        with sessions() as session:
            return JSONResponse(featured_products(session, currency=settings.currency))

    async def login(request: Request) -> Response:
        """Demo log-in: the shop vouches for the chosen customer in one conversation.

        The widget sends the customer and its conversation (socket.io session) id and gets a
        short-lived token bound to that conversation, asking again before it runs out. A real
        shop issues the token after its own authentication; the assistant only ever trusts the
        signature, never a customer id typed into the chat.
        """
        if not settings.demo_login_active:
            return refused("demo log-in is disabled", 403)
        try:
            body = await request.json()
            customer_id = int(body["customer_id"])
            session_id = str(body["session_id"])
        except (ValueError, KeyError, TypeError, OverflowError):
            return refused('send {"customer_id": <number>, "session_id": <conversation id>}', 400)
        if not 0 < len(session_id) <= MAX_SESSION_ID_LENGTH:
            return refused("session_id must be 1-256 characters", 400)
        if not 0 < customer_id < 2**31:
            return refused("no such customer", 404)

        def summary() -> CustomerSummary | None:
            with sessions() as session:
                return logged_in_customer(session, customer_id)

        customer = await run_in_threadpool(summary)
        if customer is None:
            return refused("no such customer", 404)
        token = sign_identity(
            customer_id,
            settings.identity_key,
            session_id=session_id,
            ttl_s=settings.identity_token_ttl_s,
        )
        return JSONResponse(
            LoginBody(
                name=customer["name"],
                orders=customer["orders"],
                customer_id=customer_id,
                identity_token=token,
                expires_in=settings.identity_token_ttl_s,
            )
        )

    return Starlette(
        routes=[
            Route("/", index),
            Route("/healthz", health),
            Route("/api/config", config),
            Route("/api/customers", customers),
            Route("/api/products", products),
            Route("/api/login", login, methods=["POST"]),
            *account_confirm_routes(
                sessions, PolicySource(settings.policies_path, currency=settings.currency)
            ),
            *widget_routes(socket_io=SOCKET_IO),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        middleware=[
            Middleware(
                SecurityHeadersMiddleware,
                headers=security_headers(
                    rasa_url=rasa_url, frame_ancestors=settings.allowed_origins
                ),
            )
        ],
    )


def settings_or_exit() -> Settings:
    """The settings from the environment, or a one-line SystemExit that names what to set."""
    try:
        return get_settings()
    except ValidationError as error:
        raise SystemExit(f"refusing to start the web shop: {settings_problems(error)}") from None


def demo_login_refusal(settings: Settings, host: str) -> str | None:
    """Why the web app must not start with these settings on ``host`` (None: it may).

    Outside development the settings refuse the demo log-in themselves (and
    :attr:`Settings.demo_login_active` keeps it off even for unchecked ones); what is left to
    check here is the address, which only the web app knows.
    """
    if not settings.demo_login_active:
        return None
    try:
        address = ipaddress.ip_address(socket.gethostbyname(host))
    except (OSError, ValueError):
        return f"cannot resolve the address to listen on: {host}"
    if not address.is_loopback:
        return (
            f"refusing to serve the demo log-in (anyone may chat as any customer) on {host}; "
            "listen on 127.0.0.1 or set ICRM_DEMO_LOGIN=false"
        )
    return None


def main(argv: list[str] | None = None) -> None:
    """``python -m web``: serve the shop; the defaults of the port and Rasa's URL are settings."""
    parser = argparse.ArgumentParser(prog="python -m web")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, help="[default: ICRM_WEB_PORT, 8000]")
    parser.add_argument("--rasa-url", help="[default: http://127.0.0.1:$ICRM_RASA_PORT]")
    args = parser.parse_args(argv)
    settings = settings_or_exit()
    refusal = demo_login_refusal(settings, args.host)
    if refusal is not None:
        raise SystemExit(refusal)
    rasa_url = args.rasa_url or f"http://127.0.0.1:{settings.rasa_port}"
    app = create_app(settings, rasa_url=rasa_url)
    port = settings.web_port if args.port is None else args.port
    uvicorn.run(app, host=args.host, port=port, log_level="warning")
