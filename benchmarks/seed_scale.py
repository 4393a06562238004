"""How `icrm seed` grows with the number of customers: time, rows and peak memory.

Each size runs in a fresh subprocess (so peak RSS is that run's own) on a throw-away SQLite file
(or --database-url, e.g. PostgreSQL). Prints a table and writes benchmarks/results/seed_scale.json.

    .venv/bin/python benchmarks/seed_scale.py --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).with_name("results")


def run_one(customers: int, url: str) -> dict[str, float | int]:
    """Seed ``customers`` into ``url`` in this process; report time, rows and peak RSS."""
    from icrm_models.db.engine import make_engine
    from icrm_models.seed.config import SeedConfig
    from icrm_models.seed.run import seed

    engine = make_engine(url)
    started = time.perf_counter()
    totals = seed(engine, SeedConfig(customers=customers, as_of=datetime(2026, 11, 23, tzinfo=UTC)))
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "customers": customers,
        "seconds": round(seconds, 1),
        "orders": totals["orders"],
        "order_items": totals["order_items"],
        "rows_total": sum(totals.values()),
        "rows_per_s": round(sum(totals.values()) / seconds),
        "peak_rss_mb": round(peak_mb),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--database-url", help="default: a temporary SQLite file per size")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.database_url)))
        return
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            url = args.database_url or f"sqlite:///{tmp}/bench.db"
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(size), "--database-url", url],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            if not args.database_url:
                result["db_file_mb"] = round(Path(tmp, "bench.db").stat().st_size / 2**20)
            rows.append(result)
            print(f"{size:>10,} customers done in {result['seconds']} s", file=sys.stderr)
    header = [
        "customers",
        "seconds",
        "orders",
        "order_items",
        "rows_total",
        "rows_per_s",
        "peak_rss_mb",
        "db_file_mb",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        print(
            "| "
            + " | ".join(
                f"{r.get(h, ''):,}" if isinstance(r.get(h), int | float) else str(r.get(h, ""))
                for h in header
            )
            + " |"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "seed_scale.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
