"""``GET /webhooks/socketio/history?conversation_id=...``: a returning widget's conversation.

The widget sends its client key in ``X-Client-Key``; the answer is the conversation's messages
(customer, assistant, agents) for the widget to show again after a reload or on another page.
The tracker store keeps only the key's SHA-256 (``stores.redacting_tracker_store``): the
conversation belongs to the key of its first message that carried one. Any other key, no key,
or no such conversation gets the same 404, so the route tells nobody whether a conversation
exists. Button payloads the customer tapped ("/affirm") are left out: they are not their words.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any, Dict, List, Optional, Text

from rasa.shared.core.events import BotUttered, Event, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.limits import MAX_SENDER_CHARS
from stores.redacting_tracker_store import CLIENT_KEY_HASH, client_key_sha256

logger = logging.getLogger(__name__)

CLIENT_KEY_HEADER = "X-Client-Key"
MAX_MESSAGES = 300
NOT_FOUND = {"error": "no such conversation"}
BOT_DATA_KEYS = ("buttons", "quick_replies", "image", "attachment", "elements", "custom")


def conversation_key_hash(events: List[Event]) -> Optional[str]:
    """The client-key hash of the conversation's first message that carried one."""
    for event in events:
        if isinstance(event, UserUttered) and isinstance(event.metadata, dict):
            found = event.metadata.get(CLIENT_KEY_HASH)
            if isinstance(found, str) and found:
                return found
    return None


def key_matches(events: List[Event], client_key: Optional[str]) -> bool:
    """Whether ``client_key`` is the one the conversation was started with."""
    expected = conversation_key_hash(events)
    if not expected or not client_key:
        return False
    return hmac.compare_digest(client_key_sha256(client_key).encode(), expected.encode())


def _bot_message(event: BotUttered) -> Optional[Dict[Text, Any]]:
    data = {key: event.data[key] for key in BOT_DATA_KEYS if (event.data or {}).get(key)}
    if not event.text and not data:
        return None
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    agent = metadata.get("agent") if isinstance(metadata.get("agent"), dict) else None
    return {
        "sender": "agent" if agent else "bot",
        "text": event.text or "",
        **data,
        "agent": {"name": agent.get("name"), "initial": agent.get("initial")} if agent else None,
        "live": metadata.get("live"),
        "timestamp": event.timestamp,
    }


def replay_messages(events: List[Event]) -> List[Dict[Text, Any]]:
    """The messages a widget shows again, oldest first (the latest ``MAX_MESSAGES``)."""
    messages: List[Dict[Text, Any]] = []
    for event in events:
        if isinstance(event, UserUttered):
            text = event.text or ""
            if text and not text.startswith("/"):
                messages.append({"sender": "customer", "text": text, "timestamp": event.timestamp})
        elif isinstance(event, BotUttered):
            message = _bot_message(event)
            if message is not None:
                messages.append(message)
    return messages[-MAX_MESSAGES:]


def add_history_route(routes: Blueprint) -> None:
    """Add ``/history`` to the socket.io channel's blueprint."""

    @routes.route("/history", methods=["GET"])
    async def history(request: Request) -> HTTPResponse:
        conversation_id = request.args.get("conversation_id") or ""
        if not conversation_id or len(conversation_id) > MAX_SENDER_CHARS:
            return response.json({"error": "conversation_id is required"}, status=400)
        try:
            store = request.app.ctx.agent.tracker_store
            tracker = await store.retrieve_full_tracker(conversation_id)
        except Exception:
            logger.exception("conversation %s: history could not be read", conversation_id)
            return response.json({"error": "the conversation could not be read"}, status=503)
        headers = {"Cache-Control": "no-store"}
        client_key = request.headers.get(CLIENT_KEY_HEADER)
        if tracker is None or not key_matches(list(tracker.events), client_key):
            return response.json(NOT_FOUND, status=404, headers=headers)
        return response.json(
            {
                "conversation_id": conversation_id,
                "paused": tracker.is_paused(),
                "messages": replay_messages(list(tracker.events)),
            },
            headers=headers,
        )
