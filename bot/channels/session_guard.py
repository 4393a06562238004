"""Who may join a conversation's socket room: only the widget that holds its client key.

With ``session_persistence`` the socket room is the conversation id, and everything the shop
says in a conversation (the assistant's answers, an agent's messages and typing) is emitted
into that room. Rasa's own ``session_request`` handler lets any socket that names a
conversation id join its room, so knowing the id was enough to read a customer's live chat.

``add_session_guard`` replaces that handler:

- no session id: a fresh random one (as Rasa does);
- a conversation the tracker store has no events for: joined as asked (its first message will
  store the hash of the widget's client key, ``stores.redacting_tracker_store``);
- an existing conversation: joined only when the request carries the client key the
  conversation was started with (``{"session_id": ..., "client_key": ...}``, compared like the
  history route does: ``channels.history.key_matches``). Otherwise the socket gets a fresh
  random session id, so the widget simply starts a new conversation, and a warning is logged
  with the socket id (never the key);
- the tracker store cannot be read: the socket is disconnected (the widget reconnects and asks
  again), so a passing database error neither strands nor leaks a conversation.

A socket is in one conversation at a time: a new ``session_request`` leaves the room of the one
before (a customer who logs out must not keep receiving the logged-in conversation). And the
customer's messages (``user_uttered``) are taken only for the conversation whose room the
socket is in, so naming a conversation id is not enough to speak in it either.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from socketio import AsyncServer

from channels.history import key_matches
from channels.limits import MAX_SENDER_CHARS

logger = logging.getLogger(__name__)

SESSION_REQUEST = "session_request"
SESSION_CONFIRM = "session_confirm"
CLIENT_KEY_FIELD = "client_key"
# How much of a refused conversation id the log shows (a request may name a very long one).
LOGGED_ID_CHARS = 80


class TrackerUnreadable(Exception):
    """The tracker store (or Rasa's agent holding it) could not be reached."""


def requested_session(data: Any) -> tuple[str | None, str | None]:
    """The session id and client key a ``session_request`` payload names (None: not given or
    not usable: not a non-empty string, or a session id longer than the tracker store keeps)."""
    if not isinstance(data, dict):
        return None, None
    session_id = data.get("session_id")
    client_key = data.get(CLIENT_KEY_FIELD)
    if not isinstance(session_id, str) or not session_id or len(session_id) > MAX_SENDER_CHARS:
        session_id = None
    if not isinstance(client_key, str) or not client_key:
        client_key = None
    return session_id, client_key


def tracker_store_of(sio: AsyncServer, sid: str, namespace: str) -> Any:
    """The tracker store of the Rasa app this socket came in through.

    Rasa hands the socket.io channel only ``on_new_message``; the agent (and its tracker store)
    lives on the Sanic app, set when the model is loaded. The socket's environ keeps the Sanic
    request that opened it (python-engineio's Sanic driver), and so the app, at the time of the
    request rather than the time the routes were built.
    """
    try:
        environ = sio.get_environ(sid, namespace=namespace) or {}
        return environ["sanic.request"].app.ctx.agent.tracker_store
    except (AttributeError, KeyError, TypeError) as error:
        raise TrackerUnreadable(type(error).__name__) from error


async def may_join(store: Any, session_id: str, client_key: str | None) -> bool:
    """Whether a socket with ``client_key`` may join conversation ``session_id``: yes for a
    conversation with no events yet, else only with the key it was started with."""
    try:
        tracker = await store.retrieve_full_tracker(session_id)
    except Exception as error:
        raise TrackerUnreadable(type(error).__name__) from error
    if tracker is None or not tracker.events:
        return True
    return key_matches(list(tracker.events), client_key)


def _shown(session_id: Any) -> str | None:
    return session_id[:LOGGED_ID_CHARS] if isinstance(session_id, str) else None


def _leave_other_conversations(sio: AsyncServer, sid: str, namespace: str, keep: str) -> None:
    for room in sio.rooms(sid, namespace=namespace):
        if room not in (sid, keep):
            sio.leave_room(sid, room, namespace=namespace)


def add_session_guard(sio: AsyncServer, *, namespace: str | None, user_message_evt: str) -> None:
    """Replace Rasa's ``session_request`` handler on ``sio`` with the key check above, and let
    ``user_message_evt`` through only for the socket's own conversation."""
    space = namespace or "/"
    rasa_handle_message = sio.handlers.get(space, {}).get(user_message_evt)

    async def session_request(sid: str, data: Any) -> None:
        session_id, client_key = requested_session(data)
        if session_id is not None:
            try:
                allowed = await may_join(tracker_store_of(sio, sid, space), session_id, client_key)
            except TrackerUnreadable as error:
                logger.error(
                    "socket %s: conversation %s could not be checked (%s); disconnecting so the "
                    "widget asks again",
                    sid,
                    session_id,
                    error,
                )
                await sio.disconnect(sid, namespace=space)
                return
            if not allowed:
                logger.warning(
                    "socket %s asked to join conversation %s %s; it gets a new conversation",
                    sid,
                    session_id,
                    "with a client key that is not the conversation's"
                    if client_key
                    else "without its client key",
                )
                session_id = None
        if session_id is None:
            session_id = uuid.uuid4().hex
        _leave_other_conversations(sio, sid, space, keep=session_id)
        sio.enter_room(sid, session_id, namespace=space)
        await sio.emit(SESSION_CONFIRM, session_id, room=sid, namespace=space)

    sio.on(SESSION_REQUEST, session_request, namespace=namespace)
    if rasa_handle_message is None:
        return

    async def handle_message(sid: str, data: Any) -> Any:
        session_id = data.get("session_id") if isinstance(data, dict) else None
        if not isinstance(session_id, str) or session_id not in sio.rooms(sid, namespace=space):
            logger.warning(
                "socket %s sent a message for conversation %s without having joined it "
                "(session_request); the message is ignored",
                sid,
                _shown(session_id),
            )
            return None
        return await rasa_handle_message(sid, data)

    sio.on(user_message_evt, handle_message, namespace=namespace)
