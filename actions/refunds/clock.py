"""The actions' clock: ``datetime.now(UTC)``, replaceable in tests by a fixed moment.

Actions take a ``clock`` when they are made (rasa-sdk makes them without arguments, so the real
clock is the default); tests pass ``lambda: AS_OF`` to match the seeded shop's history.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """Now, timezone-aware, in UTC."""
    return datetime.now(UTC)
