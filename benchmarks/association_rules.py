"""Pairwise association rules on real baskets: our sparse implementation vs mlxtend.

Reads Online Retail (default: ../shared/data/online_retail), builds the orders x items basket
matrix of purchases, and times both implementations on the same baskets at a few support
thresholds, checking they find the same rules. Prints a table; writes
benchmarks/results/association_rules.json.

    .venv/bin/python benchmarks/association_rules.py [FILE]
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = next((ROOT.parent / "shared" / "data" / "online_retail").glob("*.csv.gz"), None)


def _timed(fn):  # type: ignore[no-untyped-def]
    """Result, seconds and peak traced memory (MB) of ``fn()``."""
    tracemalloc.start()
    started = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, seconds, peak


MEMORY_CAP_GB = 8


def _mlxtend_in_child(
    baskets: sp.csr_matrix, support: float
) -> tuple[int | None, float, float | None]:
    """mlxtend's apriori (pairs) in a child process capped at MEMORY_CAP_GB of memory."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "baskets.npz"
        sp.save_npz(path, baskets)
        started = time.perf_counter()
        child = subprocess.run(
            [sys.executable, __file__, "--mlxtend", str(support), str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
    if child.returncode != 0:
        return None, seconds, None
    rules, peak_mb = child.stdout.split()
    return int(rules), seconds, float(peak_mb)


def _mlxtend_child(support: float, path: Path) -> None:
    from mlxtend.frequent_patterns import apriori, association_rules

    cap = MEMORY_CAP_GB * 2**30
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    baskets = sp.load_npz(path)
    frame = pd.DataFrame.sparse.from_spmatrix(
        baskets.astype(bool), columns=[str(i) for i in range(baskets.shape[1])]
    )
    frequent = apriori(frame, min_support=support, use_colnames=True, max_len=2)
    rules = association_rules(frequent, metric="confidence", min_threshold=0.0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(len(rules), round(peak_mb, 1))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--mlxtend":
        _mlxtend_child(float(sys.argv[2]), Path(sys.argv[3]))
        return
    from icrm_models.db.engine import make_engine
    from icrm_models.importers.online_retail import import_online_retail
    from icrm_models.recommend.association import pair_rules
    from icrm_models.recommend.interactions import build_interactions, purchase_lines

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if path is None or not path.exists():
        raise SystemExit("Online Retail file not found; pass its path")
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        import_online_retail(engine, path)
        cut = datetime(2100, 1, 1, tzinfo=UTC)
        data = build_interactions(purchase_lines(engine, None, cut), cut)
    baskets = data.baskets
    rows = []
    for support in (0.02, 0.01, 0.005):
        ours, ours_s, ours_mb = _timed(
            lambda s=support: pair_rules(baskets, data.item_ids, min_support=s)
        )
        theirs_rules, theirs_s, theirs_mb = _mlxtend_in_child(baskets, support)
        same = theirs_rules is not None and len(ours) == theirs_rules
        rows.append(
            {
                "min_support": support,
                "orders": baskets.shape[0],
                "items": baskets.shape[1],
                "rules": len(ours),
                "ours_s": round(ours_s, 3),
                "mlxtend_s": round(theirs_s, 2)
                if theirs_rules is not None
                else f"failed (> {MEMORY_CAP_GB} GB)",
                "ours_peak_mb": round(ours_mb, 1),
                "mlxtend_peak_mb": theirs_mb,
                "same_rule_count": same,
            }
        )
    header = list(rows[0])
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        print("| " + " | ".join(str(r[h]) for h in header) + " |")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "association_rules.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
