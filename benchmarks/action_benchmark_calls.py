"""The requests the action benchmark times: webhook calls, REST turns and whole conversations.

Every answer is checked (:data:`Check`), so a fast error cannot pass for a fast answer. Part of
:mod:`action_benchmark`.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import httpx
import numpy as np
from action_benchmark_shop import Sample

ACTION_TOKEN = "benchmark-action-token-" + "a" * 32
CONVERSATION = (
    "hi there",
    "where is my order {order_id}?",
    "any deals for me?",
    "thanks, bye",
)


def webhook_body(
    action: str, sample: Sample, domain: dict[str, Any], text: str, intent: str
) -> dict[str, Any]:
    """What Rasa 3.6 posts to the action server for ``action`` after the customer said ``text``."""
    now = time.time()
    slots = {name: spec.get("initial_value") for name, spec in domain.get("slots", {}).items()}
    slots["order_id"] = str(sample.order_id)
    sender = f"bench-{uuid.uuid4().hex[:10]}"
    metadata = sample.metadata(sender)
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.97},
        "entities": [],
        "metadata": metadata,
    }
    return {
        "next_action": action,
        "sender_id": sender,
        "version": "3.6.21",
        "domain": domain,
        "tracker": {
            "sender_id": sender,
            "slots": slots,
            "latest_message": parse,
            "latest_event_time": now,
            "followup_action": None,
            "paused": False,
            "events": [
                {"event": "action", "name": "action_session_start", "timestamp": now - 2},
                {"event": "session_started", "timestamp": now - 2},
                {"event": "action", "name": "action_listen", "timestamp": now - 1},
                {
                    "event": "user",
                    "text": text,
                    "timestamp": now,
                    "parse_data": parse,
                    "metadata": metadata,
                },
            ],
            "latest_input_channel": "rest",
            "active_loop": {},
            "latest_action": {"action_name": "action_listen"},
            "latest_action_name": "action_listen",
        },
    }


Check = Callable[[Sample, list[str]], bool]


def texts_of(responses: Sequence[dict[str, Any]]) -> list[str]:
    return [str(r.get("text") or "") for r in responses]


def mentions_order(sample: Sample, texts: list[str]) -> bool:
    return any(f"Order {sample.order_id} (" in t for t in texts)


def is_offer(_sample: Sample, texts: list[str]) -> bool:
    """Products offered (an introduction and a list), not an apology or "nothing for you"."""
    from actions.errors import BROKEN, UNAVAILABLE
    from actions.shopping.messages import RECOMMEND_NOTHING

    failures = (BROKEN, UNAVAILABLE, RECOMMEND_NOTHING)
    return any("\n" in t for t in texts) and not any(f in t for t in texts for f in failures)


def any_answer(_sample: Sample, texts: list[str]) -> bool:
    return bool(texts)


def time_action(
    url: str,
    action: str,
    text: str,
    intent: str,
    check: Check,
    domain: dict[str, Any],
    population: list[Sample],
) -> tuple[list[float], int]:
    """Milliseconds per call of ``action`` (after a warm-up), and how many answers were wrong."""
    timings: list[float] = []
    wrong = 0
    headers = {"Authorization": f"Bearer {ACTION_TOKEN}"}  # what Rasa sends
    with httpx.Client(base_url=url, timeout=30, headers=headers) as client:
        for i, sample in enumerate(population):
            body = webhook_body(action, sample, domain, text, intent)
            t0 = time.perf_counter()
            response = client.post("/webhook", json=body)
            elapsed = (time.perf_counter() - t0) * 1000
            ok = response.status_code == 200 and check(
                sample, texts_of(response.json().get("responses", []))
            )
            if i >= 10:  # the first calls load models and fill caches
                timings.append(elapsed)
                wrong += not ok
    return timings, wrong


# -- whole turns through Rasa's REST channel ---------------------------------------------------


async def say(
    client: httpx.AsyncClient, sender: str, sample: Sample, text: str
) -> tuple[float, list[str]]:
    body = {"sender": sender, "message": text, "metadata": sample.metadata(sender)}
    t0 = time.perf_counter()
    response = await client.post("/webhooks/rest/webhook", json=body)
    elapsed = (time.perf_counter() - t0) * 1000
    response.raise_for_status()
    return elapsed, texts_of(response.json())


async def single_turns(
    rasa_url: str, text: str, check: Check, population: list[Sample]
) -> tuple[list[float], int]:
    """One turn per new conversation, one client; milliseconds per turn and wrong answers."""
    timings: list[float] = []
    wrong = 0
    async with httpx.AsyncClient(base_url=rasa_url, timeout=60) as client:
        for i, sample in enumerate(population):
            sender = f"bench-{uuid.uuid4().hex[:10]}"
            elapsed, texts = await say(client, sender, sample, text.format(**sample.__dict__))
            if i >= 5:
                timings.append(elapsed)
                wrong += not check(sample, texts)
    return timings, wrong


async def concurrent_conversations(
    rasa_url: str, population: list[Sample], concurrency: int, seconds: float
) -> dict[str, Any]:
    """``concurrency`` clients each holding conversations back to back for ``seconds``."""
    turn_ms: list[float] = []
    failures = 0
    conversations = 0
    deadline = time.perf_counter() + seconds
    queue = iter(population * 100)

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal failures, conversations
        while time.perf_counter() < deadline:
            sample = next(queue)
            sender = f"bench-{uuid.uuid4().hex[:10]}"
            for text in CONVERSATION:
                try:
                    elapsed, texts = await say(
                        client, sender, sample, text.format(**sample.__dict__)
                    )
                except httpx.HTTPError:
                    failures += 1
                    continue
                turn_ms.append(elapsed)
                failures += not texts
            conversations += 1

    started = time.perf_counter()
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=rasa_url, timeout=120, limits=limits) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(concurrency)))
    wall = time.perf_counter() - started
    ms = np.array(turn_ms)
    return {
        "concurrent conversations": concurrency,
        "turns": len(turn_ms),
        "conversations": conversations,
        "turns/s": round(len(turn_ms) / wall, 1),
        "p50 ms": round(float(np.percentile(ms, 50)), 1),
        "p95 ms": round(float(np.percentile(ms, 95)), 1),
        "failed turns": failures,
    }
