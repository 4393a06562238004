"""A scripted stand-in for Rasa's socket.io channel, for browser tests of the widget alone.

It speaks the wire protocol of Rasa's ``SocketIOInput`` with ``session_persistence`` (the
``session_request`` / ``session_confirm`` handshake, ``user_uttered`` in, ``bot_uttered`` out to
the conversation's room), ``/webhooks/socketio/history`` as ``bot/channels/history.py`` answers
it, and the live events of issue 18 (``agent_typing`` out, ``user_typing`` in). Replies are
scripted by the customer's text, and a test pushes agent events itself, so the widget's own
behaviour (replay, reconnect, agents, CSAT) is checked without training or starting Rasa; the
real stack is tests/e2e/test_browser.py. ``down`` makes it refuse sockets, like a network drop.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Coroutine
from typing import Any

import socketio
import uvicorn
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

PHOTO = "/static/products/m/h/mh01-gray_main.jpg"


def card_reply() -> dict[str, Any]:
    """A product-cards message as actions/shopping/cards.py sends it (one photo, one without)."""
    button = {"title": "Add to basket", "payload": '/accept_offer{"offer_id":"7"}'}
    return {
        "type": "product_cards",
        "cards": [
            {"offer_id": "7", "sku": "MH01", "name": "Chaz Kangeroo Hoodie", "price": "52.00",
             "currency": "EUR", "image_url": PHOTO, "reason": "Often bought with your tee",
             "discount_pct": 10, "buttons": [button]},
            {"offer_id": "8", "sku": "X", "name": "Mystery Bag", "price": "20.00",
             "currency": "EUR", "image_url": None, "reason": "New in", "discount_pct": None,
             "buttons": []},
        ],
    }  # fmt: skip


class ScriptedRasa:
    """The stand-in server; ``start()`` runs it on a free port in a thread of its own."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins="*")
        self.history: dict[str, list[dict[str, Any]]] = {}  # conversation → messages
        self.keys: dict[str, str] = {}  # conversation → its first client key
        self.received: list[dict[str, Any]] = []  # every user_uttered payload
        self.typing: list[dict[str, Any]] = []  # every user_typing payload
        self.down = False
        self.url = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: uvicorn.Server | None = None
        self.sio.on("session_request", self._session_request)
        self.sio.on("user_uttered", self._user_uttered)
        self.sio.on("user_typing", self._user_typing)

    # ---- the protocol ------------------------------------------------------------------------
    async def _session_request(self, sid: str, data: dict[str, Any] | None) -> None:
        asked = data or {}
        session_id = asked.get("session_id")
        # As bot/channels/session_guard.py: a conversation with messages only for its client key.
        if session_id in self.keys and asked.get("client_key") != self.keys[session_id]:
            session_id = None
        session_id = session_id or f"conv-{len(self.history) + 1}"
        self.history.setdefault(session_id, [])
        await self.sio.enter_room(sid, session_id)
        await self.sio.emit("session_confirm", session_id, room=sid)

    async def _user_uttered(self, sid: str, data: dict[str, Any]) -> None:
        self.received.append(data)
        conversation = data["session_id"]
        key = (data.get("metadata") or {}).get("client_key")
        if key:
            self.keys.setdefault(conversation, key)
        text = str(data.get("message", ""))
        if not text.startswith("/"):
            self.history[conversation].append({"sender": "customer", "text": text})
        if text == "show cards":
            await self.bot(conversation, {"text": "Picked for you:"})
            await self.bot(conversation, card_reply(), stored={"custom": {"data": card_reply()}})
        elif text.startswith("/accept_offer"):
            await self.bot(conversation, {"text": "Added to your basket."})
        elif text.startswith("/rate_chat"):
            await self.bot(conversation, {"text": "Thanks for rating the chat!"})
        else:
            buttons = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
            await self.bot(conversation, {"text": f"You said: {text}", "quick_replies": buttons},
                           stored={"buttons": buttons})  # fmt: skip

    async def _user_typing(self, sid: str, data: dict[str, Any]) -> None:
        self.typing.append(data)

    async def bot(
        self, conversation: str, payload: dict[str, Any], *, stored: dict[str, Any] | None = None
    ) -> None:
        """Emit ``payload`` to the conversation and keep it for the history (as ``stored``)."""
        entry = stored if stored is not None else payload
        agent = payload.get("agent")
        self.history[conversation].append(
            {"text": payload.get("text", ""), **entry, "sender": "agent" if agent else "bot"}
        )
        await self.sio.emit("bot_uttered", payload, room=conversation)

    async def _history(self, request: Request) -> Response:
        conversation = request.query_params.get("conversation_id", "")
        key = request.headers.get("x-client-key")
        if conversation not in self.history or not key or self.keys.get(conversation) != key:
            return JSONResponse({"error": "no such conversation"}, status_code=404)
        return JSONResponse(
            {"conversation_id": conversation, "messages": self.history[conversation]}
        )

    # ---- what a test does --------------------------------------------------------------------
    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        """Run ``coroutine`` on the server's loop (from the test's thread)."""
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(10)

    def agent_says(self, conversation: str, payload: dict[str, Any]) -> None:
        self.run(self.bot(conversation, payload))

    def agent_typing(self, conversation: str, typing: bool) -> None:
        payload = {"agent": {"name": "Anna Berg", "initial": "A"}, "typing": typing}
        self.run(self.sio.emit("agent_typing", payload, room=conversation))

    def drop_connections(self) -> None:
        """Refuse sockets and close the open ones: what the widget sees of a network drop."""
        self.down = True

        async def close_all() -> None:
            for sid in list(self.sio.manager.get_participants("/", None)):
                await self.sio.disconnect(sid[0] if isinstance(sid, tuple) else sid)

        self.run(close_all())

    # ---- serving -----------------------------------------------------------------------------
    def app(self) -> Any:
        routes = [Route("/webhooks/socketio/history", self._history)]
        http = Starlette(routes=routes)
        http.add_middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_headers=["X-Client-Key"],
            allow_methods=["GET"],
        )
        both = socketio.ASGIApp(self.sio, other_asgi_app=http, socketio_path="socket.io")

        async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
            if (
                self.down
                and scope["type"] in ("http", "websocket")
                and "socket.io" in scope["path"]
            ):
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1011})
                else:
                    await Response("down", status_code=503)(scope, receive, send)
                return
            await both(scope, receive, send)

        return guarded

    def start(self, port: int) -> None:
        config = uvicorn.Config(self.app(), host="127.0.0.1", port=port, log_level="error")
        self._server = uvicorn.Server(config)

        def serve() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(self._server.serve())  # type: ignore[union-attr]

        threading.Thread(target=serve, daemon=True).start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the scripted Rasa did not start")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True


def serve_app(app: Any, port: int) -> uvicorn.Server:
    """Serve an ASGI ``app`` on ``port`` in a daemon thread until ``should_exit``."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    return server
