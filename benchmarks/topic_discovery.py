"""Topic discovery on the planted test (issue 19): three intents hidden, are they found again?

For each intent triple, the triple's examples are removed from the training data the clusters
are compared with; the triple's 360 blind messages (tests/data/nlu_blind/, never trained on)
plus noise (8 blind messages of every other intent, the held-out set's out-of-scope questions)
are the "unknown" messages. Ours (HDBSCAN, leaf clusters, centroid mapping) runs beside two
baselines in the same run: k-means with k chosen by silhouette (k = 2..30) and HDBSCAN with its
default "excess of mass" selection, all mapped with the same threshold. Three hand-picked
triples of distinct intents, then ``--random`` random triples (all 30 task intents) to show the
figures are not one lucky pick.

``--tune`` first prints how the defaults were chosen, on the held-out set only
(tests/data/nlu_holdout.csv, other writers than the blind set): the mapping threshold by
leave-one-intent-out, and min_cluster_size / min_samples by planted runs on the held-out set.

    .venv/bin/python benchmarks/topic_discovery.py [--tune] [--random 12] [--per-intent N]

Embeddings are cached in data_dir/cache (first run: about three minutes to embed ~11,000
messages on two busy cores; later runs well under a minute). Figures go to
benchmarks/results/topic_discovery.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from icrm_models.analytics.topic_evaluation import (
    OUT_OF_SCOPE,
    PlantedScore,
    PlantedSet,
    kmeans_topics,
    planted_set,
    score_topics,
)
from icrm_models.analytics.topic_mapping import (
    NEW_INTENT_THRESHOLD,
    IntentReference,
    intent_reference,
    match_intent,
    tune_threshold,
)
from icrm_models.analytics.topic_reference import cached_embeddings, sample_per_intent
from icrm_models.analytics.topics import (
    DEFAULT_MIN_CLUSTER_SIZE,
    DEFAULT_MIN_SAMPLES,
    TopicReport,
    discover_topics,
    embed_texts,
)
from icrm_models.embeddings.encoder import load_encoder
from icrm_models.nlu.blind_set import BLIND_SET_DIR
from icrm_models.nlu.bot_data import bot_examples
from icrm_models.nlu.labelled import read_labelled
from icrm_models.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results")
HOLDOUT = ROOT / "tests" / "data" / "nlu_holdout.csv"
# distinct intents, one from each writer's list where possible
TRIPLES = (
    ("newsletter_subscription", "check_cancellation_fee", "review"),
    ("recover_password", "delivery_options", "check_payment_methods"),
    ("create_account", "track_refund", "product_question"),
)
Method = Callable[[PlantedSet, np.ndarray, IntentReference], TopicReport]


class Data:
    """Every text embedded once (cached), looked up by text."""

    def __init__(self, per_intent: int | None) -> None:
        settings = get_settings()
        encoder = load_encoder(settings.embedding_model_path)
        model = str(settings.embedding_model_path)
        self.training = sample_per_intent(bot_examples(ROOT / "bot" / "data" / "nlu"), per_intent)
        self.blind = [(r.text, r.intent) for r in read_labelled(ROOT / BLIND_SET_DIR)]
        self.holdout = [(r.text, r.intent) for r in read_labelled(HOLDOUT)]
        self.vectors: dict[str, np.ndarray] = {}
        for rows in (self.training, self.blind, self.holdout):
            texts = sorted({text for text, _ in rows})
            found = cached_embeddings(
                texts,
                lambda batch: embed_texts(encoder, batch),
                model_id=model,
                cache_dir=settings.cache_dir,
            )
            self.vectors.update(zip(texts, found, strict=True))
        self.training_matrix = self.embed([t for t, _ in self.training])
        self.out_of_scope = [t for t, i in self.holdout if i == OUT_OF_SCOPE]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.vstack([self.vectors[t] for t in texts])

    def reference(self, without: Sequence[str]) -> IntentReference:
        return intent_reference(
            [i for _, i in self.training], self.training_matrix, without=without
        )


def ours(min_cluster_size: int, min_samples: int, selection: str = "leaf") -> Method:
    def run(data: PlantedSet, vectors: np.ndarray, reference: IntentReference) -> TopicReport:
        return discover_topics(
            data.texts,
            vectors,
            reference,
            min_cluster_size=min_cluster_size,
            min_samples=min_samples,
            selection=selection,
        )

    return run


def kmeans(data: PlantedSet, vectors: np.ndarray, reference: IntentReference) -> TopicReport:
    return kmeans_topics(data.texts, vectors, reference)


def planted_run(
    data: Data, rows: Sequence[tuple[str, str]], triple: Sequence[str], method: Method, noise: int
) -> PlantedScore:
    planted = planted_set(
        rows, triple, out_of_scope=data.out_of_scope, noise_per_intent=noise, seed=0
    )
    report = method(planted, data.embed(planted.texts), data.reference(triple))
    return score_topics(report, planted)


def tune(data: Data) -> dict[str, object]:
    """The threshold and the clustering defaults, chosen on the held-out set only."""
    counts = Counter(i for _, i in data.holdout)
    groups = sorted(i for i, n in counts.items() if n >= 15 and i != OUT_OF_SCOPE)
    full = data.reference(())
    known, new, wrong = [], [], []
    for intent in groups:
        centroid = data.embed([t for t, i in data.holdout if i == intent]).mean(axis=0)
        present = match_intent(centroid, full)
        known.append(present.similarity)
        if present.intent != intent:
            wrong.append(f"{intent}->{present.intent}")
        new.append(match_intent(centroid, data.reference([intent])).similarity)
    threshold = tune_threshold(known, new)
    balanced = (
        np.mean([s >= threshold for s in known]) + np.mean([s < threshold for s in new])
    ) / 2
    print(
        f"\nmapping threshold (leave-one-intent-out, {len(groups)} held-out intents): "
        f"known {min(known):.3f}–{max(known):.3f}, removed {min(new):.3f}–{max(new):.3f}; "
        f"tuned {threshold:.3f} (balanced accuracy {balanced:.3f}; in use {NEW_INTENT_THRESHOLD}); "
        f"known intents mapped elsewhere: {wrong or 'none'}"
    )
    rng = random.Random(1)
    tasks = sorted({i for _, i in data.blind})
    triples = [tuple(rng.sample(tasks, 3)) for _ in range(12)]
    grid = []
    print("\nclustering defaults (planted runs on the held-out set, 12 random triples, noise 3):")
    print(
        f"{'min_cluster_size':>16} {'min_samples':>11} {'selection':>9} {'purity':>7} {'found':>6}"
    )
    for selection in ("leaf", "eom"):
        for size, samples in ((5, 3), (6, 3), (8, 3), (8, 4), (10, 3), (10, 5)):
            method = ours(size, samples, selection)
            scores = [planted_run(data, data.holdout, t, method, 3) for t in triples]
            purity = float(np.mean([s.purity for s in scores]))
            found = sum(len(s.recovered) for s in scores)
            grid.append(
                dict(
                    size=size, samples=samples, selection=selection, purity=purity, recovered=found
                )
            )
            print(f"{size:>16} {samples:>11} {selection:>9} {purity:>7.3f} {found:>3}/36")
    return {"threshold": threshold, "known": known, "new": new, "grid": grid}


def compare(data: Data, triples: Sequence[Sequence[str]], title: str) -> list[dict[str, object]]:
    methods: dict[str, Method] = {
        "ours (HDBSCAN leaf)": ours(DEFAULT_MIN_CLUSTER_SIZE, DEFAULT_MIN_SAMPLES),
        "HDBSCAN eom": ours(DEFAULT_MIN_CLUSTER_SIZE, DEFAULT_MIN_SAMPLES, "eom"),
        "k-means silhouette": kmeans,
    }
    print(f"\n{title}")
    print(
        f"{'triple':<62} {'method':<20} {'clusters':>8} {'purity':>7} {'found':>5} "
        f"{'coverage':>8} {'misplaced':>9}"
    )
    out = []
    for triple in triples:
        for name, method in methods.items():
            started = time.perf_counter()
            s = planted_run(data, data.blind, triple, method, 8)
            seconds = time.perf_counter() - started
            print(
                f"{', '.join(triple):<62} {name:<20} {s.clusters:>8} {s.purity:>7.3f} "
                f"{len(s.recovered):>3}/3 {s.coverage:>8.2f} "
                f"{s.misplaced:>4}/{s.known_clusters:<4}"
            )
            out.append(
                dict(
                    triple=list(triple),
                    method=name,
                    clusters=s.clusters,
                    purity=s.purity,
                    recovered=list(s.recovered),
                    coverage=s.coverage,
                    misplaced=s.misplaced,
                    known_clusters=s.known_clusters,
                    seconds=seconds,
                )
            )
    return out


def summary(rows: list[dict[str, object]]) -> None:
    print("\nsummary over the triples above:")
    for name in dict.fromkeys(str(r["method"]) for r in rows):
        mine = [r for r in rows if r["method"] == name]
        purity = np.mean([float(r["purity"]) for r in mine])  # type: ignore[arg-type]
        all3 = sum(len(r["recovered"]) == 3 for r in mine)  # type: ignore[arg-type]
        print(f"  {name:<20} mean purity {purity:.3f}, all three found in {all3}/{len(mine)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="show how the defaults were chosen")
    parser.add_argument("--random", type=int, default=12, help="random triples after the chosen")
    parser.add_argument(
        "--per-intent",
        type=int,
        default=None,
        help="training examples per intent in the reference (default: all)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    data = Data(args.per_intent)
    print(
        f"embedded in {time.perf_counter() - started:.0f} s: {len(data.training)} training, "
        f"{len(data.blind)} blind, {len(data.holdout)} held-out messages"
    )
    results: dict[str, object] = {"threshold": NEW_INTENT_THRESHOLD, "per_intent": args.per_intent}
    if args.tune:
        results["tuning"] = tune(data)
    chosen = compare(data, TRIPLES, "planted test, chosen triples (blind set)")
    summary(chosen)
    results["chosen"] = chosen
    if args.random:
        rng = random.Random(7)
        tasks = sorted({i for _, i in data.blind})
        triples = [tuple(rng.sample(tasks, 3)) for _ in range(args.random)]
        drawn = compare(data, triples, f"planted test, {args.random} random triples (blind set)")
        summary(drawn)
        results["random"] = drawn
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "topic_discovery.json").write_text(json.dumps(results, indent=1))
    print(
        f"\nwritten to {RESULTS / 'topic_discovery.json'} "
        f"({time.perf_counter() - started:.0f} s in all)"
    )


if __name__ == "__main__":
    main()
