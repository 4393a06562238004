"""Conversation analytics at scale: ingest and report over 1,000,000 turns, time and peak memory.

Writes ``--turns`` customer, bot and agent messages, with every Rasa event around them as a real
Rasa stores them (``analytics_scale_data.py``: conversations captured from a real tracker store,
replayed under new senders, interleaved), into Rasa's ``events`` table of a fresh database (a
SQLite file by default, ``--database-url`` for PostgreSQL). Then times the two commands an
analyst runs, each as a child process whose own peak RSS is read (``os.wait4``):

- **ingest**: ``icrm analytics ingest`` of everything in the tracker store (turns/s),
- **report**: ``icrm analytics report`` over all of it (January 2026) (seconds).

Generation time is printed, not counted. Goals (issue 19): ingest >= 5,000 turns/s, report
<= 60 s, each <= 4 GB. Prints one table (measure, ours, goal, pass) and writes
``benchmarks/results/analytics_scale.json``.

    .venv/bin/python benchmarks/analytics_scale.py                # 1,000,000 turns, SQLite
    .venv/bin/python benchmarks/analytics_scale.py --turns 20000 --database-url postgresql://...
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

RESULTS = Path(__file__).with_name("results")
GOAL_TURNS_PER_S = 5_000
GOAL_REPORT_S = 60.0
GOAL_PEAK_MB = 4 * 1024
# the period the generated conversations fall in (analytics_scale_data: START and 30 days)
SINCE, UNTIL, DAYS = date(2026, 1, 1), date(2026, 1, 30), 30


@dataclass(frozen=True)
class Goal:
    """One row of the table: what is measured, our figure, the goal and whether it is met."""

    measure: str
    ours: float
    goal: float
    higher_is_better: bool
    unit: str

    @property
    def met(self) -> bool:
        return self.ours >= self.goal if self.higher_is_better else self.ours <= self.goal

    def row(self) -> tuple[str, str, str, str]:
        sign = ">=" if self.higher_is_better else "<="
        return (
            self.measure,
            f"{self.ours:,.1f} {self.unit}",
            f"{sign} {self.goal:,.0f} {self.unit}",
            "yes" if self.met else "NO",
        )


def run_command(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run ``icrm ARGS`` as a user runs it; wall time and the child's own peak RSS.

    ``os.wait4`` gives the resource usage of exactly that child (``RUSAGE_CHILDREN`` would
    mix in every earlier one). Its output is kept for the error message only.
    """
    icrm = Path(sys.executable).with_name("icrm")
    started = time.perf_counter()
    with tempfile.TemporaryFile(mode="w+") as output:
        child = subprocess.Popen([str(icrm), *args], stdout=output, stderr=output, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            output.seek(0)
            raise RuntimeError(f"icrm {' '.join(args)} failed:\n{output.read()[-3000:]}")
    # Linux reports KiB, macOS bytes
    peak = usage.ru_maxrss / 2**20 if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak}


def counts(url: str) -> dict[str, int]:
    """What the ingest left in the analytics tables."""
    from sqlalchemy import func, select

    from icrm_models.db.engine import make_engine
    from icrm_models.db.tables.analytics import (
        AnalyticsConversation,
        AnalyticsFormStep,
        AnalyticsReject,
        AnalyticsTurn,
    )

    engine = make_engine(url)
    tables = {
        "turns": AnalyticsTurn,
        "form_steps": AnalyticsFormStep,
        "conversations": AnalyticsConversation,
        "rejected": AnalyticsReject,
    }
    with engine.connect() as connection:
        found = {
            name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in tables.items()
        }
    engine.dispose()
    return found


def generate(url: str, turns: int, seed: int) -> dict[str, Any]:
    """A fresh schema (our migrations; Rasa's ``events`` as Rasa creates it) and the events."""
    from analytics_scale_data import write_events

    from icrm_models.db.engine import make_engine
    from icrm_models.db.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    written = write_events(engine, turns, seed=seed, days=DAYS)
    engine.dispose()
    return {**written, "seconds": time.perf_counter() - started}


def measure(url: str, turns: int, seed: int, scratch: Path) -> dict[str, Any]:
    """Generate, ingest, report; every figure of the run."""
    generated = generate(url, turns, seed)
    print(
        f"generated {generated['turns']:,} turns ({generated['events']:,} events, "
        f"{generated['conversations']:,} conversations) in {generated['seconds']:.1f} s "
        "(not counted)",
        file=sys.stderr,
    )
    # the commands see this database and a data folder of their own (no registry, no secrets)
    env = {**os.environ, "ICRM_DATABASE_URL": url, "ICRM_DATA_DIR": str(scratch)}
    ingest = run_command(["analytics", "ingest"], env) | counts(url)
    print(
        f"ingest: {ingest['seconds']:.1f} s ({ingest['turns']:,} turns stored, "
        f"{ingest['rejected']:,} rejected)",
        file=sys.stderr,
    )
    out = scratch / "report.html"
    period = ["--since", SINCE.isoformat(), "--until", UNTIL.isoformat()]
    report = run_command(["analytics", "report", *period, "--out", str(out)], env)
    report["html_mb"] = out.stat().st_size / 2**20
    print(f"report: {report['seconds']:.1f} s, {report['html_mb']:.1f} MB of HTML", file=sys.stderr)
    return {"generated": generated, "ingest": ingest, "report": report}


def goals(figures: dict[str, Any]) -> list[Goal]:
    turns = figures["generated"]["turns"]
    ingest, report = figures["ingest"], figures["report"]
    return [
        Goal("ingest speed", turns / ingest["seconds"], GOAL_TURNS_PER_S, True, "turns/s"),
        Goal("ingest peak memory", ingest["peak_mb"], GOAL_PEAK_MB, False, "MB"),
        Goal("report time", report["seconds"], GOAL_REPORT_S, False, "s"),
        Goal("report peak memory", report["peak_mb"], GOAL_PEAK_MB, False, "MB"),
    ]


def print_table(rows: list[Goal]) -> None:
    header = ("measure", "ours", "goal", "pass")
    table = [header, *(g.row() for g in rows)]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for index, row in enumerate(table):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if index == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--results", type=Path, default=RESULTS / "analytics_scale.json")
    args = parser.parse_args(argv)
    if args.turns < 1:
        parser.error("--turns must be at least 1")
    with tempfile.TemporaryDirectory(prefix="analytics-scale-") as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        figures = measure(url, args.turns, args.seed, Path(tmp))
        if not args.database_url:
            figures["db_file_mb"] = Path(tmp, "bench.db").stat().st_size / 2**20
    rows = goals(figures)
    print_table(rows)
    load = os.getloadavg()
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(
        json.dumps(
            {
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "turns": args.turns,
                "database": "postgresql" if args.database_url else "sqlite",
                "cpus": os.cpu_count(),
                "load_average": [round(x, 2) for x in load],
                "figures": figures,
                "goals": [{**vars(g), "met": g.met} for g in rows],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
