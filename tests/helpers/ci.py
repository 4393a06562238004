"""What a test does when something it needs is missing: skip locally, fail on CI."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def on_ci() -> bool:
    """Whether the tests run on CI (``CI=true``), where nothing may be silently skipped."""
    return os.environ.get("CI") == "true"


def skip_or_fail(reason: str) -> NoReturn:
    """Skip the test with ``reason``; on CI fail with it, so a missing prerequisite is seen."""
    if on_ci():
        pytest.fail(f"CI=true: {reason}")
    pytest.skip(reason)
