"""Stratified k-fold cross-validation of the assistant's NLU on its own training messages.

Each fold trains the whole pipeline (encoder adaptation included, on the fold's training part
only: no held-out message is ever seen in training) and scores the held-out part. The report is
Markdown, committed under ``docs/`` so that changes to the data show up as changed figures.
"""

from __future__ import annotations

import random
import statistics
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from icrm_models.nlu.metrics import IntentScores, score_intents


@dataclass(frozen=True)
class FoldResult:
    """Scores of one fold."""

    fold: int
    train_messages: int
    test_messages: int
    scores: IntentScores


def stratified_folds(
    examples: Sequence[tuple[str, str]], folds: int, *, seed: int = 7
) -> list[list[int]]:
    """Indices of ``examples`` split into ``folds`` parts with each intent spread evenly."""
    if folds < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    by_intent: dict[str, list[int]] = defaultdict(list)
    for index, (_, intent) in enumerate(examples):
        by_intent[intent].append(index)
    too_small = sorted(i for i, rows in by_intent.items() if len(rows) < folds)
    if too_small:
        raise ValueError(f"fewer examples than folds for: {', '.join(too_small)}")
    rng = random.Random(seed)
    parts: list[list[int]] = [[] for _ in range(folds)]
    offset = 0
    for intent in sorted(by_intent):
        rows = by_intent[intent][:]
        rng.shuffle(rows)
        for position, index in enumerate(rows):
            parts[(position + offset) % folds].append(index)
        offset += len(rows)
    return parts


TrainAndPredict = Callable[[list[tuple[str, str]], list[str], Path], list[str | None]]


def cross_validate(
    examples: Sequence[tuple[str, str]],
    folds: int,
    train_and_predict: TrainAndPredict,
    *,
    progress: Callable[[str], None] = lambda _msg: None,
) -> list[FoldResult]:
    """Train on all folds but one, predict that one, for every fold."""
    parts = stratified_folds(examples, folds)
    results = []
    for fold, held_out in enumerate(parts, start=1):
        held = set(held_out)
        train = [examples[i] for i in range(len(examples)) if i not in held]
        test = [examples[i] for i in held_out]
        progress(f"fold {fold}/{folds}: training on {len(train):,}, testing {len(test):,}")
        with tempfile.TemporaryDirectory(prefix=f"icrm-cv-{fold}-") as scratch:
            predicted = train_and_predict(train, [t for t, _ in test], Path(scratch))
        scores = score_intents([i for _, i in test], predicted)
        results.append(FoldResult(fold, len(train), len(test), scores))
    return results


def markdown_report(results: Sequence[FoldResult], *, title: str, notes: str = "") -> str:
    """The figures as Markdown: folds, mean ± sd, weakest intents, most confused pairs."""
    accuracy = [r.scores.accuracy for r in results]
    macro = [r.scores.macro_f1 for r in results]
    oos = [
        r.scores.out_of_scope_recall for r in results if r.scores.out_of_scope_recall is not None
    ]

    def spread(values: list[float]) -> str:
        sd = statistics.stdev(values) if len(values) > 1 else 0.0
        return f"{statistics.mean(values):.3f} ± {sd:.3f}"

    lines = [
        f"# {title}",
        "",
        f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `icrm nlu cross-validate`. {notes}",
        "",
        "| fold | train | test | accuracy | macro-F1 | out-of-scope recall |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        recall = r.scores.out_of_scope_recall
        lines.append(
            f"| {r.fold} | {r.train_messages:,} | {r.test_messages:,} | {r.scores.accuracy:.3f} "
            f"| {r.scores.macro_f1:.3f} | {'—' if recall is None else f'{recall:.3f}'} |"
        )
    lines.append(
        f"| **mean ± sd** | | | **{spread(accuracy)}** | **{spread(macro)}** | "
        f"{spread(oos) if oos else '—'} |"
    )
    f1: dict[str, list[float]] = defaultdict(list)
    confusions: dict[tuple[str, str], int] = defaultdict(int)
    for r in results:
        for intent, value in r.scores.per_intent_f1.items():
            f1[intent].append(value)
        for truth, predicted, count in r.scores.confused_pairs:
            confusions[(truth, predicted)] += count
    lines += [
        "",
        "## Per-intent F1 (mean over folds, weakest first)",
        "",
        "| intent | F1 |",
        "|---|---|",
    ]
    for intent, values in sorted(f1.items(), key=lambda kv: statistics.mean(kv[1])):
        lines.append(f"| {intent} | {statistics.mean(values):.3f} |")
    lines += ["", "## Most confused (true → predicted, summed over folds)", "",
              "| true | predicted | messages |", "|---|---|---|"]  # fmt: skip
    for (truth, predicted), count in sorted(confusions.items(), key=lambda kv: -kv[1])[:15]:
        lines.append(f"| {truth} | {predicted} | {count} |")
    return "\n".join(lines) + "\n"
