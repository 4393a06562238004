"""Widgets' session-start payloads get the greeting, not the fallback (issue 16, point 7)."""

from __future__ import annotations

from types import ModuleType

import pytest

from icrm_models.runtime.paths import ProjectPaths
from tests.helpers.modules import module_at


def _openers() -> ModuleType:
    return module_at(ProjectPaths.discover().bot / "channels" / "openers.py", "openers")


@pytest.mark.parametrize(
    "opener", ["/get_started", "GET_STARTED", "", "   ", "/start", "/Get_Started "]
)
def test_openers_become_the_greeting(opener: str) -> None:
    assert _openers().as_greeting(opener) == "/greet"


@pytest.mark.parametrize(
    "text", ["where is my order 10023?", "/track_order", "get started with yoga"]
)
def test_other_messages_pass_unchanged(text: str) -> None:
    assert _openers().as_greeting(text) == text
