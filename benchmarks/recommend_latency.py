"""Latency of one customer's recommendations with the models loaded (what a chat turn pays).

Seeds a throw-away SQLite shop, fits the blend, then times single-customer calls of our
``recommend_for`` (scores, filters, diversity, reasons) against the buy-again baseline scoring
the same customers. Prints a table; writes benchmarks/results/recommend_latency.json.

    .venv/bin/python benchmarks/recommend_latency.py --customers 20000 --calls 500
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).with_name("results")


def main() -> None:
    from icrm_models.db.engine import make_engine
    from icrm_models.recommend import baselines
    from icrm_models.recommend.blend import BlendRecommender, BlendWeights
    from icrm_models.recommend.interactions import build_interactions, purchase_lines
    from icrm_models.recommend.personal import Catalogue, recommend_for
    from icrm_models.seed.config import SeedConfig
    from icrm_models.seed.run import seed

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--calls", type=int, default=500)
    args = parser.parse_args()
    as_of = datetime(2026, 11, 23, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        seed(engine, SeedConfig(customers=args.customers, as_of=as_of))
        started = time.perf_counter()
        data = build_interactions(purchase_lines(engine, None, as_of), as_of)
        model = BlendRecommender(BlendWeights()).fit(data)
        catalogue = Catalogue.load(engine)
        fit_s = time.perf_counter() - started
    rng = np.random.default_rng(0)
    customers = rng.choice(data.customer_ids, size=args.calls)
    timings: dict[str, list[float]] = {
        "ours: recommend_for (k=5)": [],
        "buy again: score + top 5": [],
    }
    for customer in customers:
        t0 = time.perf_counter()
        recommend_for(model, int(customer), catalogue, k=5)
        timings["ours: recommend_for (k=5)"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        scores = baselines.buy_again(data, data.rows_of(np.array([customer])))
        np.argsort(-scores[0])[:5]
        timings["buy again: score + top 5"].append(time.perf_counter() - t0)
    rows = [
        {
            "what": name,
            "customers": args.customers,
            "items": int(data.n_items),
            "p50_ms": round(float(np.percentile(t, 50)) * 1000, 2),
            "p95_ms": round(float(np.percentile(t, 95)) * 1000, 2),
            "fit_s": round(fit_s, 1),
        }
        for name, t in timings.items()
    ]
    header = list(rows[0])
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        print("| " + " | ".join(str(r[h]) for h in header) + " |")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "recommend_latency.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
