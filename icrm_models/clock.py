"""The one clock: ``datetime.now(UTC)``, injectable so tests can fix "now".

Actions and library functions take a ``clock`` argument defaulting to :func:`utc_now`
(rasa-sdk makes actions without arguments, so the real clock is the default); tests pass
``lambda: AS_OF`` to match the seeded shop's history. Times are always timezone-aware UTC:
the database refuses naive ones.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """Now, timezone-aware, in UTC."""
    return datetime.now(UTC)
