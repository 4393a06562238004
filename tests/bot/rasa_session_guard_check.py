"""Runs inside the Rasa runtime (.venv-rasa): serves Rasa's HTTP app from bot/credentials.yml with
Rasa's own lock store and our tracker store on SQLite (the agent of tests/bot/rasa_live_check.py),
opens the customer's widget socket and sockets that know only the conversation id, has an agent
speak through ``/webhooks/socketio/live``, and prints which socket got into which conversation and
what each one received (``channels.session_guard``)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sys
from typing import Any

import aiohttp
import socketio
from rasa_live_check import SHOP, ProcessorLikeAgent
from rasa_serving import start_channels

TOKEN = "live-token-0123456789-abcdefghijklmnop"
KEY = "client-key-of-the-customer-0123456789"
WRONG_KEY = "client-key-of-somebody-else-012345"
CONVERSATION = "conv-guarded-1"
ANNA = {"id": 3, "name": "Anna Berg"}


class Socket:
    """One socket.io client: the session ids it was confirmed, what it received."""

    def __init__(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.confirmed: asyncio.Queue[str] = asyncio.Queue()
        self.received: list[dict[str, Any]] = []
        self.dropped = asyncio.Event()
        self.client.on("session_confirm", self.confirmed.put_nowait)
        self.client.on("bot_uttered", self.received.append)
        self.client.on("agent_typing", self.received.append)
        self.client.on("disconnect", self.dropped.set)

    async def open(self, base: str) -> Socket:
        await self.client.connect(
            base, headers={"Origin": SHOP}, socketio_path="/socket.io", transports=["polling"]
        )
        return self

    @property
    def sid(self) -> str:
        return str(self.client.get_sid())

    async def ask(self, session_id: str | None, client_key: str | None = None) -> str | None:
        """``session_request`` (the key only when given); the confirmed id, None if none came."""
        payload: dict[str, Any] = {"session_id": session_id}
        if client_key is not None:
            payload["client_key"] = client_key
        await self.client.emit("session_request", payload)
        try:
            return await asyncio.wait_for(self.confirmed.get(), timeout=5)
        except asyncio.TimeoutError:  # noqa: UP041 (Python 3.10 here: not yet TimeoutError)
            return None

    async def say(self, session_id: str, text: str, client_key: str) -> None:
        await self.client.emit(
            "user_uttered",
            {"message": text, "session_id": session_id, "metadata": {"client_key": client_key}},
        )

    def texts(self) -> list[str]:
        return [str(message.get("text")) for message in self.received]


class Collect(logging.Handler):
    """The session guard's log lines, as they would be written."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[dict[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append({"level": record.levelname, "text": record.getMessage()})


class BrokenStore:
    """A tracker store whose database is away."""

    async def retrieve_full_tracker(self, sender_id: str) -> Any:
        raise ConnectionError(f"database unreachable: {sender_id}")


async def main(database: str) -> dict[str, Any]:
    os.environ["ICRM_LIVE_TOKEN"] = TOKEN
    log = Collect()
    logging.getLogger("channels.session_guard").addHandler(log)
    agent = ProcessorLikeAgent(database)
    server, base, _ = await start_channels(agent, cors=[SHOP])
    out: dict[str, Any] = {}
    sockets: list[Socket] = []

    async def opened() -> Socket:
        sockets.append(await Socket().open(base))
        return sockets[-1]

    async def agent_says(session: aiohttp.ClientSession, text: str) -> int:
        async with session.post(
            f"{base}/webhooks/socketio/live",
            json={"conversation_id": CONVERSATION, "kind": "message", "text": text, "agent": ANNA},
            headers={"Authorization": f"Bearer {TOKEN}"},
        ) as answer:
            return answer.status

    try:
        async with aiohttp.ClientSession() as session:
            owner = await opened()
            # a conversation with no events yet: joined as asked, even without a key
            out["owner_confirmed"] = await owner.ask(CONVERSATION, KEY)
            out["new_without_key"] = await (await opened()).ask("conv-brand-new")
            await owner.say(CONVERSATION, "hello", KEY)
            await asyncio.sleep(1.0)
            no_key, wrong_key, right_key = await opened(), await opened(), await opened()
            out["no_key_confirmed"] = await no_key.ask(CONVERSATION)
            out["wrong_key_confirmed"] = await wrong_key.ask(CONVERSATION, WRONG_KEY)
            out["right_key_confirmed"] = await right_key.ask(CONVERSATION, KEY)
            # a socket of the conversation that moves on (the customer logged out) leaves it
            leaver = await opened()
            out["leaver_first"] = await leaver.ask(CONVERSATION, KEY)
            out["leaver_then"] = await leaver.ask(None)
            # the refused sockets try to speak in the conversation anyway
            await no_key.say(CONVERSATION, "intruder without key", "made-up-key-0123456789")
            await wrong_key.say(CONVERSATION, "intruder with wrong key", WRONG_KEY)
            out["live_status"] = await agent_says(session, "Hi, I'm Anna. How can I help?")
            await asyncio.sleep(1.0)
            # the tracker store cannot be read: no room, no confirmation, the socket is dropped
            agent.tracker_store, store = BrokenStore(), agent.tracker_store
            unlucky = await opened()
            out["unreadable_confirmed"] = await unlucky.ask(CONVERSATION, KEY)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(unlucky.dropped.wait(), timeout=5)
            out["unreadable_dropped"] = unlucky.dropped.is_set()
            agent.tracker_store = store
        named = {
            "owner": owner,
            "no_key": no_key,
            "wrong_key": wrong_key,
            "right_key": right_key,
            "leaver": leaver,
        }
        out["received"] = {name: socket.texts() for name, socket in named.items()}
        out["sids"] = {name: socket.sid for name, socket in named.items()}
        tracker = await agent.tracker_store.retrieve_full_tracker(CONVERSATION)
        out["stored_texts"] = [
            event.as_dict().get("text") for event in tracker.events if event.as_dict().get("text")
        ]
        out["log"] = log.lines
    finally:
        for socket in sockets:
            with contextlib.suppress(Exception):
                await socket.client.disconnect()
        server.close()
        await server.wait_closed()
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))))
