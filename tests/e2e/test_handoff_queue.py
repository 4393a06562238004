"""Nothing is lost while nobody is there: a customer hands off with no agent online, writes on,
and the agent who logs in later finds every message, in order, and the bot said nothing.

Real stack: Rasa (trained model) over socket.io as the widget speaks it, the action server, the
console's HTTP API.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
import socketio

from icrm_models.launcher.stack import RunningStack
from tests.helpers.agents import add_stack_agent
from tests.helpers.stack import client_key_for, new_sender

pytestmark = pytest.mark.e2e
EMAIL, PASSWORD = "late-agent@icrm.test", "late-agent-password-1"
LATER = ["hello?", "is anyone there", "my parcel 10023 is late", "I'll wait", "still here"]


async def _customer_hands_off_and_writes_on(rasa_url: str) -> tuple[str, list[str]]:
    """The conversation id and every text the customer got back."""
    sender = new_sender("queue")
    client = socketio.AsyncClient()
    confirmed: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    replies: asyncio.Queue[dict[str, object]] = asyncio.Queue()
    client.on("session_confirm", lambda sid: confirmed.done() or confirmed.set_result(sid))
    client.on("bot_uttered", replies.put_nowait)
    await client.connect(rasa_url, socketio_path="/socket.io", transports=["websocket"])
    try:
        await client.emit(
            "session_request", {"session_id": sender, "client_key": client_key_for(sender)}
        )
        await asyncio.wait_for(confirmed, 20)
        metadata = {"client_key": client_key_for(sender)}

        async def say(text: str) -> None:
            await client.emit(
                "user_uttered", {"message": text, "session_id": sender, "metadata": metadata}
            )

        await say("I want to talk to a human")
        got = [str((await asyncio.wait_for(replies.get(), 60)).get("text"))]
        for text in LATER:
            await say(text)
            await asyncio.sleep(0.3)
        await asyncio.sleep(3)  # time for a bot answer that must not come
        while not replies.empty():
            got.append(str(replies.get_nowait().get("text")))
        return sender, got
    finally:
        await client.disconnect()


def test_messages_written_while_nobody_is_online_wait_for_the_agent(
    stack: RunningStack, database_file: Path
) -> None:
    sender, replies = asyncio.run(_customer_hands_off_and_writes_on(stack.rasa_url))
    assert len(replies) == 1, f"the bot answered a paused conversation: {replies}"
    assert "colleague" in replies[0]
    # the agent's account exists only now: nobody was online
    add_stack_agent(database_file, email=EMAIL, name="Late Agent", password=PASSWORD)
    with httpx.Client(base_url=stack.console_url, timeout=30) as console:
        login_csrf = console.get("/api/csrf").json()["csrf"]
        answer = console.post(
            "/api/login",
            json={"email": EMAIL, "password": PASSWORD},
            headers={"X-CSRF-Token": login_csrf},
        )
        assert answer.status_code == 200, answer.text
        waiting = console.get("/api/cases?view=unassigned").json()
        case = next(c for c in waiting if c["conversation_id"] == sender)
        assert case["status"] == "queued"
        view = console.get(f"/api/cases/{case['case_id']}").json()
    said = [e["text"] for e in view["transcript"] if e["kind"] == "customer"]
    assert said == ["I want to talk to a human", *LATER]
