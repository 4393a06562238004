"""The time the shopping actions see; tests replace :func:`now` with the seeded shop's time."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """The current time (UTC)."""
    return datetime.now(UTC)
