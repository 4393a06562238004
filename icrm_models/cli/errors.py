"""The one place where errors become a single clear line for the person at the terminal."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import NoReturn, TypeVar

from pydantic import ValidationError
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from icrm_models.settings import get_settings

T = TypeVar("T")


class CliError(Exception):
    """An error whose message is already written for the user."""


def _message(exc: BaseException) -> str:
    if isinstance(exc, CliError | FileNotFoundError | ValueError | RuntimeError):
        return str(exc)
    if isinstance(exc, OperationalError):
        return f"cannot use the database: {exc.orig}"
    if isinstance(exc, SQLAlchemyError):
        return f"database error: {exc.__class__.__name__}: {exc}".splitlines()[0]
    return f"unexpected {exc.__class__.__name__}: {exc}"


def debug_enabled() -> bool:
    """Whether ``ICRM_DEBUG`` asks for full tracebacks.

    False when the settings themselves are refused: the error then being reported is that
    refusal, whose one line already names the setting to fix.
    """
    try:
        return get_settings().debug
    except ValidationError:
        return False


def run_guarded(command: Callable[[], T]) -> T:
    """Run ``command``; any error is printed as one line (traceback with ICRM_DEBUG=1)."""
    try:
        return command()
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except SystemExit:
        raise
    except Exception as exc:
        if debug_enabled():
            logging.getLogger("icrm").exception("command failed")
        _fail(f"error: {_message(exc)}", 1)


def _fail(message: str, code: int) -> NoReturn:
    print(message, file=sys.stderr)
    if code == 1 and not debug_enabled():
        print("(set ICRM_DEBUG=1 for the full traceback)", file=sys.stderr)
    raise SystemExit(code)
