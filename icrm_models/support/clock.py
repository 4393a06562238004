"""The current time, injectable so tests can pin "now" (contact hours, ticket timestamps)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """Now, timezone-aware in UTC (the database refuses naive times)."""
    return datetime.now(UTC)
