"""The console's one place where failures become HTTP answers.

Routes raise :class:`ApiError` with a sentence an agent can act on; anything else is logged once
with its traceback and answered with a plain "something went wrong", so no stack trace or raw
database error ever reaches the browser.
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

logger = logging.getLogger("console")


class ApiError(Exception):
    """A refused request: ``status`` and the ``message`` the agent reads."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def refused(message: str, status_code: int) -> JSONResponse:
    """``{"error": message}`` with ``status_code``."""
    return JSONResponse({"error": message}, status_code=status_code)


async def api_error(_: Request, error: Exception) -> Response:
    """An :class:`ApiError` as its JSON answer."""
    assert isinstance(error, ApiError)
    return refused(error.message, error.status)


async def http_error(_: Request, error: Exception) -> Response:
    """Starlette's own refusals (404 of an unknown path, 405) as JSON sentences."""
    assert isinstance(error, HTTPException)
    words = {404: "not found", 405: "method not allowed"}
    return refused(words.get(error.status_code, str(error.detail)), error.status_code)


async def unexpected(request: Request, error: Exception) -> Response:
    """Any other failure: logged with its traceback and the path, answered without details."""
    logger.exception("console request %s %s failed", request.method, request.url.path)
    return refused("something went wrong on the console's side; please try again", 500)


EXCEPTION_HANDLERS = {ApiError: api_error, HTTPException: http_error, Exception: unexpected}
