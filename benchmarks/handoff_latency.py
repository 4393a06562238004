"""Live-chat latency through the real stack: agent → customer and customer → agent, p50/p95.

Starts the whole stack (Rasa with the trained model, action server, shop, agent console) on a
throw-away SQLite shop, opens N customer widgets as socket.io clients (Rasa's own channel, as
the widget speaks it), hands each conversation to a human ("I want to talk to a human"), and one
agent claims them all in the console. Then, in rounds, every conversation at once:

- **agent → customer**: ``POST /api/cases/{id}/reply`` → the customer's socket gets the reply;
- **customer → agent**: the customer's socket sends a message → the agent's console stream
  (Server-Sent Events) delivers it;
- **bot round trip** (the reference, measured in the same run): a customer of a conversation the
  bot still holds sends a message and waits for the bot's answer.

Targets (issue 18): agent → customer p95 ≤ 1 s, goal ≤ 300 ms, with 20 live conversations.

    .venv/bin/python benchmarks/handoff_latency.py --conversations 1 20 --rounds 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import socketio

RESULTS = Path(__file__).with_name("results")
AGENT_EMAIL = "bench-agent@icrm.test"
AGENT_PASSWORD = "bench-agent-password-1"
WAIT_S = 30.0


@dataclass
class Customer:
    """One customer's widget: a socket.io client in its own conversation."""

    client: socketio.AsyncClient
    conversation_id: str
    replies: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)

    async def say(self, text: str) -> None:
        await self.client.emit(
            "user_uttered",
            {
                "message": text,
                "session_id": self.conversation_id,
                "metadata": {"client_key": client_key_of(self.conversation_id)},
            },
        )

    async def reply_with(self, needle: str) -> dict[str, Any]:
        """The first message from the shop's side whose text contains ``needle``."""
        while True:
            reply = await asyncio.wait_for(self.replies.get(), WAIT_S)
            if needle in str(reply.get("text") or ""):
                return reply


def client_key_of(conversation_id: str) -> str:
    """The widget's secret for ``conversation_id``: sent with every message, and with the
    ``session_request`` that (re)joins the conversation's room (bot/channels/session_guard.py)."""
    return f"bench-client-key-{conversation_id}"


async def open_customer(rasa_url: str) -> Customer:
    client = socketio.AsyncClient()
    conversation_id = f"bench-{uuid.uuid4().hex[:10]}"
    customer = Customer(client, conversation_id)
    confirmed: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    def confirm(session_id: str) -> None:
        if not confirmed.done():
            confirmed.set_result(session_id)

    client.on("session_confirm", confirm)
    client.on("bot_uttered", customer.replies.put_nowait)
    await client.connect(rasa_url, socketio_path="/socket.io", transports=["websocket"])
    await client.emit(
        "session_request",
        {"session_id": conversation_id, "client_key": client_key_of(conversation_id)},
    )
    if await asyncio.wait_for(confirmed, WAIT_S) != conversation_id:
        raise RuntimeError(f"Rasa did not let the customer into conversation {conversation_id}")
    return customer


class Console:
    """The agent's side: a logged-in HTTP client and its live stream."""

    def __init__(self, url: str) -> None:
        self.http = httpx.AsyncClient(base_url=url, timeout=WAIT_S)
        self.csrf = ""
        self.waiters: dict[str, asyncio.Future[float]] = {}
        self.stream_task: asyncio.Task[None] | None = None

    async def log_in(self) -> None:
        login_csrf = (await self.http.get("/api/csrf")).json()["csrf"]
        answer = await self.http.post(
            "/api/login",
            json={"email": AGENT_EMAIL, "password": AGENT_PASSWORD},
            headers={"X-CSRF-Token": login_csrf},
        )
        answer.raise_for_status()
        self.csrf = answer.json()["csrf"]
        await self.post("/api/presence", {"presence": "online"})

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = await self.http.post(path, json=body, headers={"X-CSRF-Token": self.csrf})
        if answer.status_code >= 400:
            raise RuntimeError(f"{path}: {answer.status_code} {answer.text}")
        result: dict[str, Any] = answer.json()
        return result

    async def listen(self) -> None:
        """Read the stream; resolve the waiter of every transcript line as it arrives."""
        async with self.http.stream("GET", "/api/stream", timeout=None) as lines:
            async for line in lines.aiter_lines():
                if not line.startswith("data: "):
                    continue
                event = json.loads(line[6:])
                if event.get("type") != "entry":
                    continue
                text = str(event["entry"].get("text") or "")
                waiter = self.waiters.pop(text, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(time.perf_counter())

    def expect(self, text: str) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiters[text] = future
        return future

    async def case_of(self, conversation_id: str) -> int:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            cases = (await self.http.get("/api/cases", params={"view": "all"})).json()
            for case in cases:
                if case["conversation_id"] == conversation_id:
                    return int(case["case_id"])
            await asyncio.sleep(0.1)
        raise RuntimeError(f"no case for {conversation_id}")


async def agent_to_customer(console: Console, customer: Customer, case_id: int) -> float:
    text = f"agent says {uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    await console.post(f"/api/cases/{case_id}/reply", {"text": text})
    await customer.reply_with(text)
    return time.perf_counter() - started


async def customer_to_agent(console: Console, customer: Customer) -> float:
    text = f"customer says {uuid.uuid4().hex[:8]}"
    arrived = console.expect(text)
    started = time.perf_counter()
    await customer.say(text)
    return await asyncio.wait_for(arrived, WAIT_S) - started


async def bot_round_trip(customer: Customer) -> float:
    started = time.perf_counter()
    await customer.say("what are your opening hours?")
    await asyncio.wait_for(customer.replies.get(), WAIT_S)
    return time.perf_counter() - started


def percentiles(samples: list[float]) -> tuple[float, float]:
    values = np.array(samples) * 1000
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


async def measure(stack: Any, sizes: list[int], rounds: int) -> list[dict[str, Any]]:
    console = Console(stack.console_url)
    await console.log_in()
    console.stream_task = asyncio.create_task(console.listen())
    rows: list[dict[str, Any]] = []
    try:
        for size in sizes:
            customers = [await open_customer(stack.rasa_url) for _ in range(size)]
            bot_side = await open_customer(stack.rasa_url)
            cases = []
            for customer in customers:
                await customer.say("I want to talk to a human")
                await asyncio.wait_for(customer.replies.get(), WAIT_S)
                case_id = await console.case_of(customer.conversation_id)
                await console.post(f"/api/cases/{case_id}/claim", {})
                cases.append(case_id)
            await asyncio.sleep(1.0)
            for customer in customers:  # what the claim sent ("Anna joined")
                while not customer.replies.empty():
                    customer.replies.get_nowait()
            timings: dict[str, list[float]] = {"agent → customer": [], "customer → agent": []}
            timings["bot round trip (reference)"] = []
            for _ in range(rounds):
                timings["agent → customer"] += await asyncio.gather(
                    *(
                        agent_to_customer(console, c, k)
                        for c, k in zip(customers, cases, strict=True)
                    )
                )
                timings["customer → agent"] += await asyncio.gather(
                    *(customer_to_agent(console, c) for c in customers)
                )
                timings["bot round trip (reference)"].append(await bot_round_trip(bot_side))
            for what, samples in timings.items():
                p50, p95 = percentiles(samples)
                rows.append(
                    {"live": size, "direction": what, "n": len(samples), "p50": p50, "p95": p95}
                )
            for customer in [*customers, bot_side]:
                await customer.client.disconnect()
    finally:
        console.stream_task.cancel()
        await console.http.aclose()
    return rows


@asynccontextmanager
async def running_stack(data_dir: Path) -> AsyncIterator[Any]:
    from icrm_models.clock import utc_now
    from icrm_models.db.engine import make_engine, make_session_factory
    from icrm_models.launcher.stack import start_stack
    from icrm_models.live.agents import add_agent
    from icrm_models.runtime.paths import ProjectPaths
    from icrm_models.seed.config import SeedConfig
    from icrm_models.seed.run import seed
    from icrm_models.settings import Settings

    paths = ProjectPaths.discover()
    settings = Settings(data_dir=data_dir, models_dir=paths.root / "var" / "models")
    engine = make_engine(settings.resolved_database_url)
    seed(engine, SeedConfig(customers=40))
    with make_session_factory(engine)() as session:
        add_agent(
            session,
            email=AGENT_EMAIL,
            display_name="Bench Agent",
            password=AGENT_PASSWORD,
            role="supervisor",
            now=utc_now(),
        )
        session.commit()
    engine.dispose()
    stack = await asyncio.to_thread(start_stack, settings, paths, say=print)
    try:
        yield stack
    finally:
        stack.stop()


async def run(sizes: list[int], rounds: int) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        async with running_stack(Path(tmp)) as stack:
            return await measure(stack, sizes, rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    rows = asyncio.run(run(args.conversations, args.rounds))
    load = os.getloadavg()
    print()
    print("| live conversations | direction | messages | p50 ms | p95 ms | target p95 |")
    print("|---:|---|---:|---:|---:|---|")
    for row in rows:
        target = "≤ 1000 (goal 300)" if row["direction"] == "agent → customer" else ""
        print(
            f"| {row['live']} | {row['direction']} | {row['n']} | {row['p50']:.0f} | "
            f"{row['p95']:.0f} | {target} |"
        )
    print(f"\nload average at the end: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "handoff_latency.json").write_text(
        json.dumps({"rows": rows, "load": load}, indent=1)
    )


if __name__ == "__main__":
    main()
