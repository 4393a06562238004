"""Web origins (``scheme://host[:port]``): the shop pages allowed to open the chat.

Shared by the settings (``ICRM_ALLOWED_ORIGINS``) and the web app's security headers, so that
both read an origin the same way and a wildcard is refused in one place.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def split_origins(text: str) -> list[str]:
    """``"https://a, https://b"`` as a list (empty items dropped)."""
    return [item.strip() for item in text.split(",") if item.strip()]


def web_origin(url: str) -> str:
    """The origin ``scheme://host[:port]`` of ``url``; a ValueError that names a value that is
    not an http(s) origin (a path, a wildcard, no host).

    >>> web_origin("https://Shop.example/")
    'https://shop.example'
    """
    parts = urlsplit(url.strip())
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or "*" in url
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise ValueError(f"{url!r} is not a web origin like https://shop.example[:port]")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def origin_with_loopback_twin(url: str) -> list[str]:
    """The origin of ``url``, and on loopback its localhost/127.0.0.1 twin (a browser may use
    either name for the same page).

    >>> origin_with_loopback_twin("http://127.0.0.1:8000/")
    ['http://127.0.0.1:8000', 'http://localhost:8000']
    """
    origin = web_origin(url)
    parts = urlsplit(origin)
    twin = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}.get(parts.hostname or "")
    if twin is None:
        return [origin]
    port = f":{parts.port}" if parts.port else ""
    return [origin, f"{parts.scheme}://{twin}{port}"]
