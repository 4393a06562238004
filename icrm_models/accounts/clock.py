"""The current time, injectable so tests can pin "now" to the seeded shop's date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """Now, timezone-aware in UTC (the database stores UTC and refuses naive times)."""
    return datetime.now(UTC)
