"""The action server and whole chat turns under load, on a shop of realistic size.

Builds (or reuses, under var/bench/) a SQLite shop of ``--customers`` synthetic customers and a
catalogue grown to ``--products`` products, trains and promotes the customer models on it, and
starts the real stack (action server, Rasa server with the trained bot, web shop). Then, side by
side in one run:

* **Action server, HTTP /webhook** (what Rasa pays per custom action), one request at a time:
  the order-status actions and personalised offers of verified customers, against two baselines
  on the same server: a policy answer (no database: the HTTP and rasa-sdk floor) and the
  popularity offers of a second action server that has no promoted models.
* **Whole turns through Rasa's REST channel**, single client: "any deals for me?" (NLU, dialogue
  policy, tracker store, action server and offer) and "where is my order N?".
* **Throughput** of 1, 8 and 32 concurrent conversations, each a realistic sequence of turns.

Every answer is checked (the right order number, offers rather than an apology), so a fast error
cannot pass for a fast answer. Prints a table; writes benchmarks/results/action_benchmark.json.

    .venv/bin/python benchmarks/action_benchmark.py [--customers 100000 --products 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results")
SECRET = "benchmark-identity-secret-" + "b" * 32
RASA_TOKEN = "benchmark-rasa-token-" + "t" * 32
ACTION_TOKEN = "benchmark-action-token-" + "a" * 32
CLIENT_KEY = "benchmark-client-key-" + "c" * 16
TARGETS = {
    "order status (action server)": 30.0,
    "personalised offer (action server)": 80.0,
    "REST turn with an offer": 250.0,
}
CONVERSATION = (
    "hi there",
    "where is my order {order_id}?",
    "any deals for me?",
    "thanks, bye",
)


@dataclass(frozen=True)
class Sample:
    """A customer and one of their orders, for verified requests."""

    customer_id: int
    order_id: int

    def metadata(self, sender: str) -> dict[str, str]:
        """What the widget sends in conversation ``sender``: the token bound to it, a client key."""
        from icrm_models.identity import sign_identity

        token = sign_identity(self.customer_id, SECRET.encode(), session_id=sender)
        return {"identity_token": token, "client_key": CLIENT_KEY}


# -- the shop ---------------------------------------------------------------------------------


def prepare_shop(data_dir: Path, customers: int, products: int, fresh: bool) -> dict[str, Any]:
    """Seed and train once per size; later runs reuse the shop (``--fresh`` rebuilds it)."""
    import shutil

    from icrm_models.db.engine import make_engine
    from icrm_models.seed.run import seed
    from icrm_models.seed.synthetic import SeedConfig

    seeded, ready = data_dir / "seeded.json", data_dir / "ready.json"
    if fresh:
        shutil.rmtree(data_dir, ignore_errors=True)
    if ready.exists():
        print(f"reusing the shop in {data_dir}", flush=True)
        return dict(json.loads(ready.read_text()))
    if not seeded.exists():
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
        engine = make_engine(f"sqlite:///{data_dir / 'icrm.db'}")
        print(f"seeding {customers:,} customers, {products:,} products ...", flush=True)
        started = time.perf_counter()
        totals = seed(engine, SeedConfig(customers=customers, products=products))
        engine.dispose()
        seeded.write_text(
            json.dumps(
                {
                    "customers": customers,
                    "products": products,
                    "orders": totals["orders"],
                    "order_items": totals["order_items"],
                    "seed_s": round(time.perf_counter() - started),
                }
            )
        )
    facts = dict(json.loads(seeded.read_text()))
    print("training and promoting the customer models ...", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "icrm"), "models", "train", "--promote"],
        env={**os.environ, "ICRM_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"},
        cwd=ROOT,
        check=True,
    )
    facts["models_train_s"] = round(time.perf_counter() - started)
    ready.write_text(json.dumps(facts, indent=2))
    return facts


def samples(data_dir: Path, n: int) -> list[Sample]:
    """``n`` random customers with one of their orders each."""
    import sqlite3

    with sqlite3.connect(data_dir / "icrm.db") as conn:
        rows = conn.execute(
            "SELECT customer_id, MAX(id) FROM orders GROUP BY customer_id ORDER BY RANDOM() "
            "LIMIT ?",
            (n,),
        ).fetchall()
    return [Sample(c, o) for c, o in rows]


# -- the action server's endpoint ---------------------------------------------------------------


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


# -- running it ---------------------------------------------------------------------------------


def wait_for_warm_up(log: Path, *, scores: bool = True, timeout_s: float = 1200) -> float:
    """Seconds until the action server has its search index and customer scores ready.

    Both are built in the background at start-up; measuring before they are ready would time
    the start-up, not the service.
    """
    started = time.perf_counter()
    while time.perf_counter() - started < timeout_s:
        text = log.read_text(errors="replace") if log.exists() else ""
        index = "semantic product search ready" in text or "search unavailable" in text
        if index and (not scores or "scored " in text):
            return time.perf_counter() - started
        time.sleep(2)
    raise TimeoutError(f"the action server did not warm up within {timeout_s:.0f} s; see {log}")


def summary(name: str, timings: list[float], wrong: int) -> dict[str, Any]:
    ms = np.array(timings)
    target = TARGETS.get(name)
    p95 = float(np.percentile(ms, 95))
    return {
        "what": name,
        "calls": len(timings),
        "p50 ms": round(float(np.percentile(ms, 50)), 1),
        "p95 ms": round(p95, 1),
        "p99 ms": round(float(np.percentile(ms, 99)), 1),
        "wrong answers": wrong,
        "target p95 ms": target or "",
        "met": "" if target is None else ("yes" if p95 <= target and not wrong else "NO"),
        "_ms": [round(t, 2) for t in timings],  # in call order, for the JSON only
    }


def print_rows(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n{title}\n")
    header = [h for h in rows[0] if not h.startswith("_")]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(row[h]) for h in header) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=300, help="per action-server measurement")
    parser.add_argument("--turns", type=int, default=200, help="per single-client REST turn")
    parser.add_argument("--seconds", type=float, default=60, help="per concurrency level")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--fresh", action="store_true", help="rebuild the shop and its models")
    parser.add_argument("--prepare-only", action="store_true", help="build the shop, then stop")
    args = parser.parse_args()

    from icrm_models.launcher.paths import ProjectPaths
    from icrm_models.launcher.stack import start_stack
    from icrm_models.settings import Settings

    paths = ProjectPaths.discover()
    data_dir = ROOT / "var" / "bench" / f"shop-{args.customers}-{args.products}"
    shop = prepare_shop(data_dir, args.customers, args.products, args.fresh)
    if args.prepare_only:
        return
    settings = Settings(
        data_dir=data_dir,
        models_dir=ROOT / "var" / "models",
        identity_secret=SECRET,
        rasa_token=RASA_TOKEN,
        rasa_api_enabled=True,  # the benchmark reads the domain through it
        action_server_token=ACTION_TOKEN,
    )
    print("starting the stack ...", flush=True)
    stack = start_stack(settings, paths, say=lambda m: print(m, flush=True))
    try:
        # The popularity baseline: the same code and database, no promoted models.
        empty_registry = data_dir / "no-models"
        empty_registry.mkdir(exist_ok=True)
        from icrm_models.launcher.processes import free_port

        port = free_port()
        plain = stack.group.start(
            "action-server-no-models",
            [str(paths.app_python), "-m", "actions", "--port", str(port)],
            env={
                "ICRM_ACTION_SERVER_TOKEN": ACTION_TOKEN,
                "ICRM_DATA_DIR": str(data_dir),
                "ICRM_IDENTITY_SECRET": SECRET,
                "ICRM_REGISTRY_DIR": str(empty_registry),
                "HF_HUB_OFFLINE": "1",
            },
            cwd=paths.root,
            health_url=f"http://127.0.0.1:{port}/health",
        )
        stack.group.wait_healthy(plain, timeout_s=60)
        print("waiting for the action server's warm-up (search index, scores) ...", flush=True)
        warm_s = wait_for_warm_up(data_dir / "logs" / "action-server.log")
        wait_for_warm_up(data_dir / "logs" / "action-server-no-models.log", scores=False)
        print(f"warm after {warm_s:.0f} s", flush=True)
        plain_url = f"http://127.0.0.1:{port}"
        domain = httpx.get(
            f"{stack.rasa_url}/domain",
            params={"token": RASA_TOKEN},
            headers={"Accept": "application/json"},
            timeout=30,
        ).json()
        population = samples(data_dir, max(args.calls, args.turns) + 10)
        calls = population[: args.calls + 10]
        action_rows = []
        for name, url, action, text, intent, check in (
            (
                "policy answer, no database (floor)",
                stack.action_url,
                "action_answer_policy",
                "what is your refund policy?",
                "check_refund_policy",
                any_answer,
            ),
            (
                "order status (action server)",
                stack.action_url,
                "action_track_order",
                "where is my order?",
                "track_order",
                mentions_order,
            ),
            (
                "recent orders (action server)",
                stack.action_url,
                "action_list_recent_orders",
                "show my orders",
                "track_order",
                any_answer,
            ),
            (
                "personalised offer (action server)",
                stack.action_url,
                "action_recommend",
                "any deals for me?",
                "ask_recommendation",
                is_offer,
            ),
            (
                "popularity offer, no models (baseline)",
                plain_url,
                "action_recommend",
                "any deals for me?",
                "ask_recommendation",
                is_offer,
            ),
        ):
            print(f"timing {name} ...", flush=True)
            timings, wrong = time_action(url, action, text, intent, check, domain, calls)
            action_rows.append(summary(name, timings, wrong))
        turns = population[: args.turns + 5]
        turn_rows = []
        for name, text, check in (
            ("REST turn with an offer", "any deals for me?", is_offer),
            ("REST turn: order status", "where is my order {order_id}?", mentions_order),
        ):
            print(f"timing {name} ...", flush=True)
            timings, wrong = asyncio.run(single_turns(stack.rasa_url, text, check, turns))
            turn_rows.append(summary(name, timings, wrong))
        throughput_rows = []
        for level in args.concurrency:
            print(f"{level} concurrent conversations for {args.seconds:g} s ...", flush=True)
            throughput_rows.append(
                asyncio.run(
                    concurrent_conversations(stack.rasa_url, population, level, args.seconds)
                )
            )
    finally:
        stack.stop()
    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "shop": shop,
        "warm_up_s": round(warm_s),
        "action_server": action_rows,
        "rest_turns": turn_rows,
        "throughput": throughput_rows,
        "conversation": list(CONVERSATION),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "action_benchmark.json").write_text(json.dumps(report, indent=2))
    print(f"\nshop: {json.dumps(shop)}")
    print_rows("Action server, POST /webhook, one request at a time", action_rows)
    print_rows("Whole turns through Rasa's REST channel, one client", turn_rows)
    print_rows(f"Concurrent conversations ({' / '.join(CONVERSATION)})", throughput_rows)


if __name__ == "__main__":
    main()
