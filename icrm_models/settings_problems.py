"""A refused configuration (a pydantic ``ValidationError`` of the settings) as one clear line."""

from __future__ import annotations

from pydantic import ValidationError


def settings_problems(error: ValidationError) -> str:
    """A refused configuration as one line that names each setting and what is wrong with it
    (for start-up errors; the values are never shown, they may be secrets)."""
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"])
        message = str(item["msg"]).removeprefix("Value error, ")
        problems.append(f"ICRM_{where.upper()}: {message}" if where else message)
    return "; ".join(problems)
