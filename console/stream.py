"""``GET /api/stream`` (Server-Sent Events to the page) and ``POST /internal/typing`` (Rasa).

The stream sends one ``data:`` line of JSON per hub event (``entry``, ``case``, ``typing``,
``reset``) and a comment every ``KEEPALIVE_S`` so proxies keep the connection open. Rasa tells
the console that a customer is typing with the live token as Bearer; nothing else may.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from console.auth import signed_in
from console.context import Console
from console.errors import ApiError
from console.hub import Hub

KEEPALIVE_S = 15.0


def stream_routes(console: Console, hub: Hub) -> list[Route]:
    """The live stream and the typing notices."""

    async def stream(request: Request) -> Response:
        who = await signed_in(request, console)
        subscriber = hub.subscribe(who.agent)

        async def events() -> AsyncIterator[str]:
            try:
                yield ": connected\n\n"
                while True:
                    try:
                        event = await asyncio.wait_for(subscriber.queue.get(), KEEPALIVE_S)
                    except TimeoutError:
                        yield ": keep-alive\n\n"
                        continue
                    yield f"data: {json.dumps(event, separators=(',', ':'))}\n\n"
            finally:
                hub.unsubscribe(subscriber)

        return StreamingResponse(
            events(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    async def typing(request: Request) -> Response:
        given = request.headers.get("Authorization", "")
        expected = f"Bearer {console.live_token}"
        if not secrets.compare_digest(given.encode(), expected.encode()):
            raise ApiError(401, "unauthorised")
        try:
            body = await request.json()
            conversation_id = body["conversation_id"]
            is_typing = body["typing"]
        except (ValueError, KeyError, TypeError):
            raise ApiError(400, 'send {"conversation_id": <text>, "typing": true|false}') from None
        if not isinstance(conversation_id, str) or not 0 < len(conversation_id) <= 128:
            raise ApiError(400, "conversation_id must be 1-128 characters")
        if not isinstance(is_typing, bool):
            raise ApiError(400, "typing must be true or false")
        told = await hub.typing(conversation_id, is_typing)
        return JSONResponse({"ok": True, "told": told})

    return [
        Route("/api/stream", stream),
        Route("/internal/typing", typing, methods=["POST"]),
    ]
