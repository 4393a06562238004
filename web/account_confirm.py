"""``/account/confirm``: the page a step-up link opens (:mod:`icrm_models.accounts.step_up`).

``GET`` only shows what the link would change and a button; ``POST`` (the button) makes the
change. Mail scanners and link previews open links by themselves, so opening one must never
change an account. The token travels in the link and in the form, never in a cookie, so another
site can't make a visitor's browser confirm anything it doesn't hold the token for. Every answer
is a short page; an unknown, used or expired link gets the same one.
"""

from __future__ import annotations

import html
from urllib.parse import parse_qs

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from icrm_models.accounts.step_up_confirm import (
    MAX_TOKEN_LENGTH,
    Confirmation,
    ConfirmResult,
    confirm_change,
    describe_link,
)
from icrm_models.clock import utc_now
from icrm_models.policies.source import PolicySource

PATH = "/account/confirm"
MAX_FORM_BYTES = 2048

INVALID = (
    "This link doesn't work any more: it has been used already, or it has expired. Nothing was "
    "changed. Ask our assistant again if you still want the change."
)
OUTCOMES = {
    Confirmation.APPLIED: "Done: we've made the change you confirmed ({change}).",
    Confirmation.NEW_EMAIL_LINK_SENT: (
        "Thank you. One more step: we've sent a link to the new e-mail address; the address "
        "of your account changes once you open it there."
    ),
    Confirmation.NOT_POSSIBLE: (
        "Sorry, we couldn't make this change any more ({change}): something changed in the "
        "meantime (an order may have shipped, or the address is in use). Nothing was changed."
    ),
}


def _page(title: str, body: str, *, status: int = 200) -> HTMLResponse:
    """A minimal page; ``body`` must already be escaped HTML."""
    return HTMLResponse(
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head><body><main>"
        f"<h1>{html.escape(title)}</h1>{body}</main></body></html>",
        status_code=status,
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


def _result_page(result: ConfirmResult) -> HTMLResponse:
    if result.outcome is Confirmation.INVALID:
        return _page("Link not valid", f"<p>{html.escape(INVALID)}</p>", status=400)
    text = OUTCOMES[result.outcome].format(change=result.change or "")
    return _page("Your account", f"<p>{html.escape(text)}</p>")


def account_confirm_routes(sessions: sessionmaker[Session], policies: PolicySource) -> list[Route]:
    """The confirmation page's route, on the shop's database and policies."""

    def describe(token: str) -> str | None:
        with sessions() as session:
            return describe_link(session, token=token, now=utc_now())

    def confirm(token: str) -> ConfirmResult:
        with sessions() as session:
            return confirm_change(
                session, token=token, now=utc_now(), shop_name=policies.get().shop_name
            )

    async def page(request: Request) -> Response:
        if request.method == "GET":
            token = request.query_params.get("token", "")[: MAX_TOKEN_LENGTH + 1]
            change = await run_in_threadpool(describe, token)
            if change is None:
                return _page("Link not valid", f"<p>{html.escape(INVALID)}</p>", status=400)
            return _page(
                "Please confirm",
                f"<p>You asked to {html.escape(change)}.</p>"
                f'<form method=post action="{PATH}">'
                f'<input type=hidden name=token value="{html.escape(token, quote=True)}">'
                "<button type=submit>Yes, make this change</button></form>"
                "<p>Not you? Close this page: nothing changes.</p>",
            )
        raw = await request.body()
        if len(raw) > MAX_FORM_BYTES:
            return _page("Link not valid", f"<p>{html.escape(INVALID)}</p>", status=400)
        form = parse_qs(raw.decode("utf-8", "replace"))
        token = (form.get("token") or [""])[0]
        return _result_page(await run_in_threadpool(confirm, token))

    return [Route(PATH, page, methods=["GET", "POST"])]
