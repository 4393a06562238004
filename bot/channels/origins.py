"""Which browser pages may open the chat socket: the shop's origins (``ICRM_ALLOWED_ORIGINS``).

Rasa's ``--cors`` governs HTTP requests only; browsers do not apply CORS to WebSockets, so any
page a customer visits could otherwise open a socket to the assistant in their name. Socket.io
clients outside a browser send no ``Origin`` and are not affected.
"""

from __future__ import annotations

import json
import os
from urllib.parse import urlsplit

ALLOWED_ORIGINS_ENV = "ICRM_ALLOWED_ORIGINS"


def normalise_origin(origin: str) -> str:
    """``https://Shop.example/`` as ``https://shop.example`` (how browsers send it)."""
    parts = urlsplit(origin.strip())
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}{port}"


def allowed_origins(environ: dict[str, str] | None = None) -> frozenset[str]:
    """The origins from ``ICRM_ALLOWED_ORIGINS`` ("https://a, https://b" or a JSON list).

    Empty when unset: then every origin may connect, as before.
    """
    raw = (os.environ if environ is None else environ).get(ALLOWED_ORIGINS_ENV, "").strip()
    if not raw:
        return frozenset()
    items = json.loads(raw) if raw.startswith("[") else raw.split(",")
    return frozenset(normalise_origin(str(item)) for item in items if str(item).strip())


def origin_allowed(origin: str | None, allowed: frozenset[str]) -> bool:
    """True when no list is configured, no ``Origin`` was sent (not a browser), or it is listed."""
    if not allowed or not origin:
        return True
    return normalise_origin(origin) in allowed
