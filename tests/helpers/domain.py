"""The bot's real domain, loaded once: what Rasa sends the actions, and its files one by one."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tests.helpers.paths import DOMAIN_DIR


def domain_files() -> list[Path]:
    """Every domain file of the bot, in name order."""
    return sorted(DOMAIN_DIR.glob("*.yml"))


def domain_file(path: Path) -> dict[str, Any]:
    """One domain file's content (empty for an empty file)."""
    content: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return content


@cache
def _merged() -> dict[str, Any]:
    merged: dict[str, Any] = {"forms": {}, "slots": {}}
    for file in domain_files():
        content = domain_file(file)
        for key in ("forms", "slots"):
            merged[key].update(content.get(key) or {})
    return merged


def bot_domain() -> dict[str, Any]:
    """The forms and slots of the real bot domain (all files merged), as actions receive it.

    A fresh copy each call: an action that changed it could not leak into the next test.
    """
    return copy.deepcopy(_merged())
