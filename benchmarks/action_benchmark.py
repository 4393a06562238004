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
The shop and its sampled customers are built by ``action_benchmark_shop.py``, the timed requests
sent by ``action_benchmark_calls.py``.

    .venv/bin/python benchmarks/action_benchmark.py [--customers 100000 --products 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from action_benchmark_calls import (
    ACTION_TOKEN,
    CONVERSATION,
    any_answer,
    concurrent_conversations,
    is_offer,
    mentions_order,
    single_turns,
    time_action,
)
from action_benchmark_shop import ROOT, SECRET, prepare_shop, samples

RESULTS = Path(__file__).with_name("results")
RASA_TOKEN = "benchmark-rasa-token-" + "t" * 32
TARGETS = {
    "order status (action server)": 30.0,
    "personalised offer (action server)": 80.0,
    "REST turn with an offer": 250.0,
}


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

    from icrm_models.launcher.stack import start_stack
    from icrm_models.runtime.paths import ProjectPaths
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
