"""Who is asking: the session cookie, the CSRF check, and the log-in, log-out and "me" routes.

The session token travels only in the ``icrm_console`` cookie (HttpOnly, SameSite=Strict,
Secure over https); the table keeps its digest. Every POST must carry the session's CSRF token
in ``X-CSRF-Token``, which the page learns from ``/api/me`` or the log-in's answer. The log-in
itself has no session yet: it is protected by a double-submit token (``GET /api/csrf`` sets a
cookie, the POST repeats it in the header). No cookie is 401, a missing or wrong CSRF token 403.
Log-ins are limited per e-mail and per client address (``icrm_models.live.login_limits``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from console.context import Console
from console.errors import ApiError
from icrm_models.db.tables.live import Agent
from icrm_models.live.agent_sessions import SESSION_LIFETIME, close_session, open_session
from icrm_models.live.agent_sessions import session_agent as stored_session_agent
from icrm_models.live.agents import authenticate
from icrm_models.live.login_limits import email_key, ip_key, login_allowed, record_login

SESSION_COOKIE = "icrm_console"
LOGIN_CSRF_COOKIE = "icrm_console_csrf"
CSRF_HEADER = "X-CSRF-Token"
TOO_MANY = "Too many failed log-ins. Wait 15 minutes, then try again."
WRONG = "Wrong e-mail or password."


@dataclass(frozen=True)
class SignedIn:
    """The agent of a request and their session's tokens."""

    agent: Agent  # detached: read its columns, don't change it
    token: str
    csrf: str


def agent_json(agent: Agent) -> dict[str, Any]:
    """What the page knows about the signed-in agent."""
    return {
        "id": agent.id,
        "email": agent.email,
        "display_name": agent.display_name,
        "role": str(agent.role),
        "team": agent.team,
        "presence": str(agent.presence),
    }


def _csrf_matches(request: Request, expected: str) -> bool:
    given = request.headers.get(CSRF_HEADER, "")
    return bool(given) and secrets.compare_digest(given.encode(), expected.encode())


async def signed_in(request: Request, console: Console) -> SignedIn:
    """The request's agent; 401 without a valid session cookie, 403 for a POST without the
    session's CSRF token."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token:
        raise ApiError(401, "Please log in.")

    def lookup(session: Session) -> tuple[Agent, str] | None:
        return stored_session_agent(session, token, now=console.clock())

    found = await console.db(lookup)
    if found is None:
        raise ApiError(401, "Your session has ended. Please log in again.")
    agent, csrf = found
    if request.method not in ("GET", "HEAD") and not _csrf_matches(request, csrf):
        raise ApiError(403, "The page's security token is missing or old. Reload the page.")
    return SignedIn(agent=agent, token=token, csrf=csrf)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


async def login_csrf(request: Request) -> Response:
    """``GET /api/csrf``: a fresh double-submit token for the log-in form (cookie + body)."""
    token = secrets.token_urlsafe(32)
    answer = JSONResponse({"csrf": token})
    answer.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    return answer


def auth_routes(console: Console) -> list[Route]:
    """``/api/csrf``, ``/api/login``, ``/api/logout`` and ``/api/me``."""

    async def login(request: Request) -> Response:
        cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not cookie or not _csrf_matches(request, cookie):
            raise ApiError(403, "The log-in form is out of date. Reload the page.")
        try:
            body = await request.json()
            email = str(body["email"]).strip()
            password = str(body["password"])
        except (ValueError, KeyError, TypeError):
            raise ApiError(400, 'Send {"email": ..., "password": ...}.') from None
        if not email or not password or len(email) > 254 or len(password) > 1024:
            raise ApiError(401, WRONG)
        keys = [email_key(email)]
        if request.client is not None:
            keys.append(ip_key(request.client.host))

        def attempt(session: Session) -> tuple[Agent, str, str] | str:
            now = console.clock()
            if not login_allowed(session, keys, now=now):
                return TOO_MANY
            agent = authenticate(session, email, password, now=now)
            record_login(session, keys, agent is not None, now=now)
            if agent is None:
                return WRONG
            token, csrf = open_session(session, agent.id, now=now)
            return agent, token, csrf

        outcome = await console.db(attempt)
        if outcome == TOO_MANY:
            raise ApiError(429, TOO_MANY)
        if isinstance(outcome, str):
            raise ApiError(401, WRONG)
        agent, token, csrf = outcome
        answer = JSONResponse({"agent": agent_json(agent), "csrf": csrf})
        answer.set_cookie(
            SESSION_COOKIE,
            token,
            max_age=int(SESSION_LIFETIME.total_seconds()),
            httponly=True,
            samesite="strict",
            secure=_secure(request),
        )
        answer.delete_cookie(LOGIN_CSRF_COOKIE)
        return answer

    async def logout(request: Request) -> Response:
        who = await signed_in(request, console)

        def end(session: Session) -> None:
            close_session(session, who.token)

        await console.db(end)
        answer = JSONResponse({"ok": True})
        answer.delete_cookie(SESSION_COOKIE, httponly=True, samesite="strict")
        return answer

    async def me(request: Request) -> Response:
        who = await signed_in(request, console)
        return JSONResponse({"agent": agent_json(who.agent), "csrf": who.csrf})

    return [
        Route("/api/csrf", login_csrf),
        Route("/api/login", login, methods=["POST"]),
        Route("/api/logout", logout, methods=["POST"]),
        Route("/api/me", me),
    ]
