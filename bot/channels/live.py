"""The live agent's way to the customer, on Rasa's socket.io channel.

``POST /webhooks/socketio/live`` (``Authorization: Bearer $ICRM_LIVE_TOKEN``) takes one step of
a live case from the agents' console (:mod:`channels.live_messages`): under the conversation's
lock it appends the step's events to the tracker and saves it, and only then emits it into the
customer's socket room (the room is the conversation id: ``session_persistence``). A message
is therefore never shown that the record lacks; a widget that was offline replays it from
``/webhooks/socketio/history`` (:mod:`channels.history`). Typing is emitted, never stored.

The widget's ``user_typing`` event ``{"session_id", "typing"}`` goes the other way: Rasa posts it
to ``$ICRM_CONSOLE_URL/internal/typing`` with the same token, within a second, and only logs a
failure (the customer's chat never waits for the console).

Without ``ICRM_LIVE_TOKEN`` the route answers 503: no agent can speak for the shop until the
launcher (``icrm up``) or the operator sets the secret.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
from typing import Any, Dict, Optional, Text

import aiohttp
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from channels.live_messages import (
    STORED_KINDS,
    LiveRequest,
    parse_live_request,
    socket_payload,
    tracker_events,
)

logger = logging.getLogger(__name__)

LIVE_TOKEN_ENV = "ICRM_LIVE_TOKEN"
CONSOLE_URL_ENV = "ICRM_CONSOLE_URL"
TYPING_EVENT = "user_typing"
AGENT_TYPING_EVENT = "agent_typing"
TYPING_TIMEOUT_S = 1.0
# Rasa's lock store polls every second by default; an agent's reply shouldn't wait that long
# behind the customer's message being logged.
LOCK_POLL_S = 0.05


def live_token(environ: Optional[Dict[str, str]] = None) -> str:
    """The shared secret of the console and this route ("" when unset: the route is off)."""
    return (os.environ if environ is None else environ).get(LIVE_TOKEN_ENV, "").strip()


def console_url(environ: Optional[Dict[str, str]] = None) -> str:
    """Where the agents' console answers ("" when unset: typing is not passed on)."""
    return (os.environ if environ is None else environ).get(CONSOLE_URL_ENV, "").strip().rstrip("/")


def bearer_ok(header: Optional[str], token: str) -> bool:
    """Whether an ``Authorization`` header carries ``token`` (compared in constant time)."""
    if not token or not header or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[len("Bearer ") :].strip().encode(), token.encode())


def _error(message: str, status: int) -> HTTPResponse:
    return response.json({"error": message}, status=status)


async def _store(agent: Any, request: LiveRequest) -> Optional[HTTPResponse]:
    """Record ``request`` in its conversation under the conversation's lock (None: done)."""
    async with agent.lock_store.lock(request.conversation_id, wait_time_in_seconds=LOCK_POLL_S):
        tracker = await agent.tracker_store.retrieve(request.conversation_id)
        if tracker is None or not tracker.events:
            return _error("no such conversation", 404)
        for event in tracker_events(request, tracker, getattr(agent, "domain", None)):
            tracker.update(event)
        await agent.tracker_store.save(tracker)
    return None


async def _emit(
    sio: AsyncServer, namespace: Optional[str], event: str, request: LiveRequest
) -> None:
    try:
        await sio.emit(
            event, socket_payload(request), room=request.conversation_id, namespace=namespace
        )
    except Exception:  # stored already: the widget replays it from the history
        logger.exception(
            "conversation %s: live %s not emitted", request.conversation_id, request.kind
        )


def add_live_routes(
    routes: Blueprint, sio: AsyncServer, *, namespace: Optional[str], bot_message_evt: str
) -> None:
    """Add ``/live`` to the socket.io channel's blueprint and ``user_typing`` to its server."""

    @routes.route("/live", methods=["POST"])
    async def live(request: Request) -> HTTPResponse:
        token = live_token()
        if not token:
            return _error(f"the live route is off: {LIVE_TOKEN_ENV} is not set", 503)
        if not bearer_ok(request.headers.get("Authorization"), token):
            return _error("a valid live token is required (Authorization: Bearer ...)", 401)
        try:
            body = request.json
        except SanicException:
            body = None
        checked = parse_live_request(body)
        if isinstance(checked, str):
            return _error(checked, 400)
        try:
            if checked.kind != "typing":
                refused = await _store(request.app.ctx.agent, checked)
                if refused is not None:
                    return refused
        except Exception:
            logger.exception(
                "conversation %s: live %s could not be stored",
                checked.conversation_id,
                checked.kind,
            )
            return _error("the message could not be stored; please try again", 503)
        if checked.kind == "typing":
            await _emit(sio, namespace, AGENT_TYPING_EVENT, checked)
        elif checked.kind in STORED_KINDS:
            await _emit(sio, namespace, bot_message_evt, checked)
        logger.info("conversation %s: live %s", checked.conversation_id, checked.kind)
        return response.json({"ok": True})

    @sio.on(TYPING_EVENT, namespace=namespace)
    async def user_typing(sid: Text, data: Any) -> None:
        if not isinstance(data, dict):
            return
        session_id = data.get("session_id")
        if not isinstance(session_id, str) or not session_id:
            return
        # Only the conversation's own sockets: they joined its room at session_request.
        if session_id not in sio.rooms(sid, namespace=namespace or "/"):
            return
        await pass_on_typing(session_id, bool(data.get("typing")))


async def pass_on_typing(conversation_id: str, typing: bool) -> bool:
    """Tell the console the customer is (not) typing; True when it took it. Never raises."""
    url, token = console_url(), live_token()
    if not url or not token:
        return False
    try:
        timeout = aiohttp.ClientTimeout(total=TYPING_TIMEOUT_S)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.post(
                f"{url}/internal/typing",
                json={"conversation_id": conversation_id, "typing": typing},
                headers={"Authorization": f"Bearer {token}"},
            ) as answer:
                if answer.status >= 300:
                    logger.warning(
                        "conversation %s: the console refused the typing signal (%s)",
                        conversation_id,
                        answer.status,
                    )
                    return False
                return True
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
        logger.warning(
            "conversation %s: typing not passed on to the console (%s)",
            conversation_id,
            type(error).__name__,
        )
        return False
