"""Secret values of the settings: how long and of what characters, placeholders, stored ones.

Kept apart from :mod:`icrm_models.settings` so that the rules for what counts as a real secret
(and where a generated one is kept) are read in one place, not between the setting fields.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from pydantic import SecretStr

MIN_SECRET_LENGTH = 32
TOKEN_CHARACTERS = re.compile(r"[A-Za-z0-9._~+/=-]+")
# Words that give away a value somebody typed in to fill the blank, not a generated secret.
_PLACEHOLDER_WORDS = (
    "changethis",
    "changeme",
    "change-me",
    "change_me",
    "placeholder",
    "example",
    "secret",
    "password",
    "xxxx",
)
_MIN_DISTINCT_CHARACTERS = 10


def looks_like_placeholder(value: str) -> bool:
    """True for a secret that was typed in rather than generated ("changethis", "aaaa...").

    >>> looks_like_placeholder("changethis-changethis-changethis-1")
    True
    >>> looks_like_placeholder("Jx4sP0_q9ZkLw2Vb7NtR3yHc8mUe5aDf1GiKo6Qr")
    False
    """
    lowered = value.lower()
    return (
        any(word in lowered for word in _PLACEHOLDER_WORDS)
        or len(set(value)) < _MIN_DISTINCT_CHARACTERS
    )


def persistent_secret(path: Path) -> str:
    """Read a random secret from ``path``, creating it atomically (mode 600) the first time.

    Two processes starting together both end up with the one secret that won the race.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        value = secrets.token_urlsafe(32)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(value)
        try:
            os.link(temporary, path)  # fails if another process created it first
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    value = path.read_text().strip()
    if len(value) < MIN_SECRET_LENGTH:
        raise ValueError(f"{path} holds a secret shorter than {MIN_SECRET_LENGTH} characters")
    return value


def given_or_stored_secret(value: SecretStr | None, path: Path) -> str:
    """The configured secret ``value``, or else the one generated once into ``path``."""
    return value.get_secret_value() if value is not None else persistent_secret(path)


def placeholder_refusal(variable: str, environment: str) -> str:
    """Why a placeholder secret in ``variable`` is refused outside development, and what to do."""
    return (
        f"{variable} looks like a placeholder, which is refused when "
        f"ICRM_ENVIRONMENT={environment}; set a random value, e.g. from "
        '`python -c "import secrets; print(secrets.token_urlsafe(32))"`, or unset '
        "it to have one generated"
    )
