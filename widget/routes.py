"""``GET /widget.js``: the widget's bundle for any page, with an ETag for cheap revalidation.

A shop's pages load it on every view, so browsers keep it and ask "still this one?" (``no-cache``
+ ``If-None-Match`` → 304); a new version of the widget reaches them on the next page view.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from widget.bundle import WIDGET_STATIC, build_bundle

PATH = "/widget.js"
MEDIA_TYPE = "text/javascript; charset=utf-8"


def widget_routes(*, socket_io: Path, static: Path = WIDGET_STATIC) -> list[Route]:
    """The route serving the bundle of ``static`` and the client at ``socket_io``; the files are
    read here, when the app is built, so a missing one stops the start with its path."""
    bundle = build_bundle(socket_io, static)
    headers = {"Cache-Control": "no-cache", "ETag": bundle.etag}

    async def script(request: Request) -> Response:
        if bundle.etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        return Response(bundle.text, media_type=MEDIA_TYPE, headers=headers)

    return [Route(PATH, script, methods=["GET", "HEAD"])]
