"""Rasa's REST and socket.io channels behind the door checks of :mod:`channels.limits`.

The names stay "rest" and "socketio": Rasa derives the REST URL from ``name()``
(``/webhooks/rest/webhook``), and the widget speaks socket.io on ``socketio_path`` as before.
Each channel wraps the ``on_new_message`` callback Rasa hands to ``blueprint``, so a refused
message costs a length check and one reply.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import log_privacy
from channels.history import add_history_route
from channels.limits import OnNewMessage, guard_messages, max_message_chars, rest_body_error
from channels.live import add_live_routes
from channels.origins import allowed_origins, origin_allowed
from channels.session_guard import add_session_guard

logger = logging.getLogger(__name__)


class GuardedRestInput(RestInput):
    """``POST /webhooks/rest/webhook``: sender required (400 otherwise), size limit enforced."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        log_privacy.install()
        routes = super().blueprint(guard_messages(on_new_message, limit=max_message_chars()))

        @routes.middleware("request")
        async def refuse_malformed(request: Request) -> HTTPResponse | None:
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            try:
                body = request.json
            except SanicException:
                body = None
            error = rest_body_error(body)
            return None if error is None else response.json({"error": error}, status=400)

        return routes


class GuardedSocketIOInput(SocketIOInput):
    """The widget's socket.io channel: size limit enforced, sockets only from the shop's pages,
    a conversation's room only for the widget holding its client key (``session_request``:
    :mod:`channels.session_guard`); plus the agents' console's way in (``/live``,
    ``user_typing``: :mod:`channels.live`) and the widget's replay of its conversation
    (``/history``: :mod:`channels.history`)."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        log_privacy.install()
        routes = super().blueprint(guard_messages(on_new_message, limit=max_message_chars()))
        shop = allowed_origins()
        sio = self.sio
        if sio is not None and self.session_persistence:
            add_session_guard(sio, namespace=self.namespace, user_message_evt=self.user_message_evt)
        if sio is not None:
            add_live_routes(
                routes, sio, namespace=self.namespace, bot_message_evt=self.bot_message_evt
            )
        add_history_route(routes)
        if not shop or sio is None:
            return routes
        namespace = self.namespace or "/"
        connect = sio.handlers[namespace]["connect"]

        async def connect_from_shop(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if not origin_allowed(origin, shop):
                logger.warning(
                    "refused a socket.io connection from %s (not in ICRM_ALLOWED_ORIGINS)", origin
                )
                return False
            return bool(await connect(sid, environ, auth))

        sio.on("connect", connect_from_shop, namespace=self.namespace)
        return routes
