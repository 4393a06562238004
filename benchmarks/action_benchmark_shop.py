"""The shop the action benchmark runs on, and the verified customers it samples from it.

Built once per size under ``var/bench/`` (seeded, customer models trained and promoted); later
runs reuse it. Part of :mod:`action_benchmark`.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SECRET = "benchmark-identity-secret-" + "b" * 32
CLIENT_KEY = "benchmark-client-key-" + "c" * 16


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


def prepare_shop(data_dir: Path, customers: int, products: int, fresh: bool) -> dict[str, Any]:
    """Seed and train once per size; later runs reuse the shop (``--fresh`` rebuilds it)."""
    import shutil

    from icrm_models.db.engine import make_engine
    from icrm_models.seed.config import SeedConfig
    from icrm_models.seed.run import seed

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
