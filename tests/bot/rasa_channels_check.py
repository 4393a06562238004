"""Runs inside the Rasa runtime (.venv-rasa): builds Rasa's HTTP app from bot/credentials.yml the
way ``rasa run`` does, with an agent that counts what reaches it, serves it on a free port and
prints what the REST and socket.io channels answer, and what reached the log."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import time
from typing import Any

import aiohttp
import socketio
import structlog
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.log_utils import configure_structlog
from rasa_serving import start_channels

SHOP = "http://shop.test:8000"
LIMIT = 50  # ICRM_MAX_MESSAGE_CHARS, set by the pytest side


class CountingAgent:
    """Stands in for Rasa's agent: counts the messages that reach it and echoes them."""

    def __init__(self) -> None:
        self.handled: list[str] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.handled.append(message.text)
        await message.output_channel.send_text_message(message.sender_id, f"echo {message.text}")


def fail_with(text: str) -> None:
    """Raise while a local variable holds the customer's text (as Rasa's REST handler does)."""
    raise RuntimeError(f"handling failed ({len(text)} characters)")


def log_probe(log: io.StringIO, tag: str) -> str:
    """Makes Rasa log what a customer's odd input makes it log; returns what was logged.

    ``tag`` makes each call's texts new: Python shows a repeated warning only once.
    """
    start = log.tell()
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors):
        # A message starting with "/" that is no intent payload: a structlog warning.
        YAMLStoryReader.unpack_regex_message(Message.build(text=f"/@ mail {tag}1@example.com"))
        # An intent payload with broken JSON: warnings.warn quoting the line.
        YAMLStoryReader.unpack_regex_message(Message.build(text=f'/greet{{"e": {tag}2@example}}'))
        # An exception logged through structlog: a traceback with the frames' variables.
        try:
            fail_with(f"my address is {tag}3@example.com")
        except RuntimeError:
            structlog.get_logger().exception("probe.failure")
    log.seek(start)
    return log.read() + errors.getvalue()


async def rest(session: aiohttp.ClientSession, url: str, body: Any) -> dict[str, Any]:
    started = time.perf_counter()
    async with session.post(url, json=body) as answer:
        payload = await answer.json(content_type=None)
        return {
            "status": answer.status,
            "body": payload,
            "seconds": time.perf_counter() - started,
        }


async def socket_chat(url: str, origin: str, text: str) -> dict[str, Any]:
    """Connect from ``origin``, ask for a session, send ``text``; what came back."""
    client = socketio.AsyncClient(reconnection=False)
    answers: list[str] = []
    got = asyncio.Event()

    @client.on("session_confirm")
    async def confirmed(session_id: str) -> None:
        await client.emit("user_uttered", {"message": text, "session_id": session_id})

    @client.on("bot_uttered")
    async def uttered(message: dict[str, Any]) -> None:
        answers.append(message.get("text", ""))
        got.set()

    try:
        await client.connect(
            url, headers={"Origin": origin}, socketio_path="/socket.io", transports=["polling"]
        )
    except socketio.exceptions.ConnectionError:
        return {"connected": False, "answers": []}
    await client.emit("session_request", {"session_id": None})
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(got.wait(), timeout=10)
    await client.disconnect()
    return {"connected": True, "answers": answers}


async def main() -> dict[str, Any]:
    log = io.StringIO()
    configure_structlog(logging.INFO)
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(log)
    before = log_probe(log, "before")  # Rasa as it comes: the customer's text is in the log

    agent = CountingAgent()
    server, base, channels = await start_channels(agent)
    webhook = f"{base}/webhooks/rest/webhook"
    outcome: dict[str, Any] = {
        "channels": sorted(f"{type(c).__module__}.{type(c).__name__}:{c.name()}" for c in channels),
        "log_before": before,
    }
    try:
        async with aiohttp.ClientSession() as session:
            outcome["rest_ok"] = await rest(session, webhook, {"sender": "s1", "message": "hello"})
            handled_before = len(agent.handled)
            outcome["rest_long"] = await rest(
                session, webhook, {"sender": "s2", "message": "x" * 100_000}
            )
            outcome["rest_long_reached_agent"] = len(agent.handled) - handled_before
            outcome["rest_at_limit"] = await rest(
                session, webhook, {"sender": "s3", "message": "y" * LIMIT}
            )
            outcome["rest_no_sender"] = await rest(session, webhook, {"message": "hi"})
            outcome["rest_empty_sender"] = await rest(
                session, webhook, {"sender": " ", "message": "hi"}
            )
            outcome["rest_number_message"] = await rest(
                session, webhook, {"sender": "s4", "message": 5}
            )
            outcome["rest_list_body"] = await rest(session, webhook, ["hi"])
            async with session.get(f"{base}/webhooks/rest/") as health:
                outcome["rest_health"] = health.status
        handled_before = len(agent.handled)
        outcome["socket_long"] = await socket_chat(base, SHOP, "z" * 10_000)
        outcome["socket_long_reached_agent"] = len(agent.handled) - handled_before
        outcome["socket_ok"] = await socket_chat(base, SHOP + "/", "hi there")
        outcome["socket_foreign"] = await socket_chat(base, "http://evil.test", "hi")
        outcome["handled"] = agent.handled
    finally:
        server.close()
        await server.wait_closed()
    outcome["log_after"] = log_probe(log, "after")
    return outcome


if __name__ == "__main__":
    result = asyncio.run(main())
    print(json.dumps(result))
