"""The socket.io channel the shop's widget uses, with session persistence on."""

from __future__ import annotations

import asyncio

import pytest
import socketio

from icrm_models.launcher.stack import RunningStack
from tests.helpers.stack import widget_metadata

pytestmark = pytest.mark.e2e


async def test_a_widget_session_gets_bot_messages(stack: RunningStack) -> None:
    client = socketio.AsyncClient()
    confirmed: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    replies: asyncio.Queue[dict[str, object]] = asyncio.Queue()
    client.on("session_confirm", lambda sid: confirmed.set_result(sid))
    client.on("bot_uttered", replies.put_nowait)
    await client.connect(stack.rasa_url, socketio_path="/socket.io", transports=["websocket"])
    try:
        await client.emit("session_request", {"session_id": None})
        session_id = await asyncio.wait_for(confirmed, 20)
        await client.emit(
            "user_uttered",
            {
                "message": "where is my order 10023?",
                "session_id": session_id,
                "metadata": widget_metadata(session_id, 1),
            },
        )
        reply = await asyncio.wait_for(replies.get(), 60)
        assert str(reply["text"]).startswith("Order 10023 (")
    finally:
        await client.disconnect()
