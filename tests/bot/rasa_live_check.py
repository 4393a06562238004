"""Runs inside the Rasa runtime (.venv-rasa): serves Rasa's HTTP app from bot/credentials.yml
with Rasa's own tracker store (ours, on SQLite), lock store and our domain, and an agent that
logs each customer message the way Rasa's processor does (a paused conversation is recorded but
not answered); walks a live case through ``/webhooks/socketio/live``, the widget's socket,
``user_typing`` to a stand-in console and ``/webhooks/socketio/history``, and prints what each
side saw."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sqlite3
import sys
import time
from typing import Any

import aiohttp
import socketio
from aiohttp import web
from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.utils.endpoints import EndpointConfig
from rasa_serving import ROOT, free_port, start_channels

SHOP = "http://shop.test:8000"
TOKEN = "live-token-0123456789-abcdefghijklmnop"
KEY = "client-key-of-the-customer-0123456789"
CONVERSATION = "conv-live-1"
ANNA = {"id": 3, "name": "Anna  Berg"}


class ProcessorLikeAgent:
    """Rasa's agent as far as the channels need it: real stores and domain; a customer message
    is logged under the lock and answered "echo ..." unless the conversation is paused."""

    def __init__(self, database: str) -> None:
        self.domain = Domain.load(str(ROOT / "bot" / "domain"))
        self.lock_store = InMemoryLockStore()
        self.tracker_store = TrackerStore.create(
            EndpointConfig(
                url=f"sqlite:///{database}",
                type="stores.redacting_tracker_store.RedactingSQLTrackerStore",
            ),
            self.domain,
        )

    async def handle_message(self, message: UserMessage) -> None:
        async with self.lock_store.lock(message.sender_id):
            tracker = await self.tracker_store.get_or_create_tracker(message.sender_id)
            tracker.update(UserUttered(message.text, metadata=message.metadata))
            answer = None if tracker.is_paused() else f"echo {message.text}"
            if answer:
                tracker.update(BotUttered(answer))
            await self.tracker_store.save(tracker)
        if answer:
            await message.output_channel.send_text_message(message.sender_id, answer)


class Widget:
    """A customer's socket: what arrived, and whether the record had it when it arrived."""

    def __init__(self, database: str, session_id: str) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.session_id = session_id
        self.database = database
        self.received: list[dict[str, Any]] = []
        self.typing: list[dict[str, Any]] = []
        self.arrived = asyncio.Event()
        self.client.on("bot_uttered", self._uttered)
        self.client.on("agent_typing", self._typing)

    def _stored(self, text: str) -> bool:
        rows = sqlite3.connect(self.database).execute(
            "select data from events where type_name = 'bot'"
        )
        return any(json.loads(data).get("text") == text for (data,) in rows)

    async def _uttered(self, message: dict[str, Any]) -> None:
        self.received.append({**message, "stored_when_shown": self._stored(message.get("text"))})
        self.arrived.set()

    async def _typing(self, message: dict[str, Any]) -> None:
        self.typing.append(message)
        self.arrived.set()

    async def open(self, base: str) -> None:
        confirmed = asyncio.Event()
        self.client.on("session_confirm", lambda _: confirmed.set())
        await self.client.connect(
            base, headers={"Origin": SHOP}, socketio_path="/socket.io", transports=["polling"]
        )
        await self.client.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(confirmed.wait(), timeout=10)

    async def say(self, text: str) -> None:
        await self.client.emit(
            "user_uttered",
            {"message": text, "session_id": self.session_id, "metadata": {"client_key": KEY}},
        )

    async def wait(self, seconds: float = 3.0) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.arrived.wait(), timeout=seconds)
        self.arrived.clear()


async def stand_in_console(port: int, seen: list[dict[str, Any]]) -> web.AppRunner:
    async def typing(request: web.Request) -> web.Response:
        seen.append({"auth": request.headers.get("Authorization"), "body": await request.json()})
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/internal/typing", typing)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


async def main(database: str) -> dict[str, Any]:
    console_port = free_port()
    os.environ["ICRM_LIVE_TOKEN"] = TOKEN
    os.environ["ICRM_CONSOLE_URL"] = f"http://127.0.0.1:{console_port}/"
    console_seen: list[dict[str, Any]] = []
    console = await stand_in_console(console_port, console_seen)
    agent = ProcessorLikeAgent(database)
    server, base, _ = await start_channels(agent, cors=[SHOP])
    live_url, history_url = f"{base}/webhooks/socketio/live", f"{base}/webhooks/socketio/history"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    out: dict[str, Any] = {}
    widget, stranger = Widget(database, CONVERSATION), Widget(database, "conv-stranger")

    async def post(session: aiohttp.ClientSession, body: Any, **headers: str) -> dict[str, Any]:
        started = time.perf_counter()
        async with session.post(live_url, json=body, headers=headers or auth) as answer:
            return {
                "status": answer.status,
                "body": await answer.json(content_type=None),
                "seconds": time.perf_counter() - started,
            }

    async def history(session: aiohttp.ClientSession, conversation: str, **headers: str) -> Any:
        async with session.get(
            history_url, params={"conversation_id": conversation}, headers=headers
        ) as answer:
            return {"status": answer.status, "body": await answer.json(content_type=None)}

    try:
        async with aiohttp.ClientSession() as session:
            await widget.open(base)
            await stranger.open(base)
            await widget.say("hello")
            await widget.wait()
            message = {"conversation_id": CONVERSATION, "kind": "message", "agent": ANNA}
            out["no_token"] = await post(session, {**message, "text": "hi"}, Accept="*/*")
            out["wrong_token"] = await post(
                session, {**message, "text": "hi"}, Authorization="Bearer " + "x" * 37
            )
            out["no_text"] = await post(session, message)
            out["bad_kind"] = await post(session, {**message, "kind": "shout", "text": "hi"})
            out["unknown"] = await post(
                session, {**message, "conversation_id": "nobody", "text": "hi"}
            )
            # what the handoff action leaves before the bot pauses (no action_listen after it)
            async with agent.lock_store.lock(CONVERSATION):
                tracker = await agent.tracker_store.retrieve(CONVERSATION)
                tracker.update(ActionExecuted("action_handoff_to_human"))
                tracker.update(SlotSet("handoff_requested", True))
                await agent.tracker_store.save(tracker)
            out["pause"] = await post(session, {"conversation_id": CONVERSATION, "kind": "pause"})
            await widget.say("anyone there?")
            await widget.wait(1.0)
            out["joined"] = await post(
                session, {"conversation_id": CONVERSATION, "kind": "joined", "agent": ANNA}
            )
            await widget.wait()
            out["reply"] = await post(session, {**message, "text": "Hi, I'm Anna. How can I help?"})
            await widget.wait()
            out["typing"] = await post(
                session,
                {"conversation_id": CONVERSATION, "kind": "typing", "typing": True, "agent": ANNA},
            )
            await widget.wait()
            await widget.client.emit("user_typing", {"session_id": CONVERSATION, "typing": True})
            await stranger.client.emit("user_typing", {"session_id": CONVERSATION, "typing": True})
            await asyncio.sleep(1.0)
            out["resume"] = await post(
                session, {"conversation_id": CONVERSATION, "kind": "resume", "agent": ANNA}
            )
            await widget.wait()
            await widget.say("are you back?")
            await widget.wait()
            os.environ["ICRM_LIVE_TOKEN"] = ""
            out["switched_off"] = await post(session, {**message, "text": "hi"})
            os.environ["ICRM_LIVE_TOKEN"] = TOKEN
            out["history"] = await history(session, CONVERSATION, **{"X-Client-Key": KEY})
            out["history_wrong_key"] = await history(
                session, CONVERSATION, **{"X-Client-Key": "another-key-0123456789"}
            )
            out["history_no_key"] = await history(session, CONVERSATION)
            out["history_unknown"] = await history(session, "nobody", **{"X-Client-Key": KEY})
            # the widget on the shop's page asks with its own header: a CORS preflight first
            async with session.options(
                history_url,
                headers={
                    "Origin": SHOP,
                    "Access-Control-Request-Method": "GET",
                    "Access-Control-Request-Headers": "x-client-key",
                },
            ) as answer:
                out["history_preflight"] = {
                    "status": answer.status,
                    "allow_origin": answer.headers.get("Access-Control-Allow-Origin"),
                    "allow_headers": answer.headers.get("Access-Control-Allow-Headers", "").lower(),
                }
        out["widget"] = widget.received
        out["widget_typing"] = widget.typing
        out["stranger"] = stranger.received + stranger.typing
        out["console_seen"] = console_seen
        tracker = await agent.tracker_store.retrieve(CONVERSATION)
        out["events"] = [event.as_dict() for event in tracker.events]
        out["paused_at_end"] = tracker.is_paused()
        out["slot_at_end"] = tracker.get_slot("handoff_requested")
    finally:
        for client in (widget.client, stranger.client):
            with contextlib.suppress(Exception):
                await client.disconnect()
        server.close()
        await server.wait_closed()
        await console.cleanup()
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))))
