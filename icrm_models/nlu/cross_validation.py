"""Stratified k-fold cross-validation of the assistant's NLU on its own training messages.

Each fold trains the whole pipeline (encoder adaptation included, on the fold's training part
only: no held-out message is ever seen in training) and scores the held-out part's intents and
entities. The report is Markdown, committed under ``docs/`` so that changes to the data show up
as changed figures.
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

from icrm_models.nlu.bot_data import AnnotatedExample
from icrm_models.nlu.entity_metrics import EntityCounts, EntitySpan, count_entities
from icrm_models.nlu.metrics import IntentScores, score_intents


@dataclass(frozen=True)
class FoldResult:
    """Scores of one fold."""

    fold: int
    train_messages: int
    test_messages: int
    scores: IntentScores
    entities: EntityCounts


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


FoldPrediction = tuple[str | None, list[EntitySpan]]
"""The intent predicted for a held-out message and the entity spans found in it."""

TrainAndPredict = Callable[[list[AnnotatedExample], list[str], Path], list[FoldPrediction]]


def cross_validate(
    examples: Sequence[AnnotatedExample],
    folds: int,
    train_and_predict: TrainAndPredict,
    *,
    progress: Callable[[str], None] = lambda _msg: None,
) -> list[FoldResult]:
    """Train on all folds but one, predict that one, for every fold."""
    parts = stratified_folds([(e.text, e.intent) for e in examples], folds)
    results = []
    for fold, held_out in enumerate(parts, start=1):
        held = set(held_out)
        train = [examples[i] for i in range(len(examples)) if i not in held]
        test = [examples[i] for i in held_out]
        progress(f"fold {fold}/{folds}: training on {len(train):,}, testing {len(test):,}")
        with tempfile.TemporaryDirectory(prefix=f"icrm-cv-{fold}-") as scratch:
            predicted = train_and_predict(train, [e.text for e in test], Path(scratch))
        scores = score_intents([e.intent for e in test], [intent for intent, _ in predicted])
        entities = count_entities([e.entities for e in test], [spans for _, spans in predicted])
        results.append(FoldResult(fold, len(train), len(test), scores, entities))
    return results


def markdown_report(results: Sequence[FoldResult], *, title: str, notes: str = "") -> str:
    """The figures as Markdown: folds, mean ± sd, weakest intents, most confused pairs."""
    accuracy = [r.scores.accuracy for r in results]
    macro = [r.scores.macro_f1 for r in results]
    oos = [
        r.scores.out_of_scope_recall for r in results if r.scores.out_of_scope_recall is not None
    ]
    entity_f1 = [r.entities.scores()[2] for r in results]

    def spread(values: list[float]) -> str:
        sd = statistics.stdev(values) if len(values) > 1 else 0.0
        return f"{statistics.mean(values):.3f} ± {sd:.3f}"

    lines = [
        f"# {title}",
        "",
        f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `icrm nlu cross-validate`. {notes}",
        "",
        "| fold | train | test | intent accuracy | intent macro-F1 | out-of-scope recall "
        "| entity F1 (exact spans) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        recall = r.scores.out_of_scope_recall
        lines.append(
            f"| {r.fold} | {r.train_messages:,} | {r.test_messages:,} | {r.scores.accuracy:.3f} "
            f"| {r.scores.macro_f1:.3f} | {'—' if recall is None else f'{recall:.3f}'} "
            f"| {r.entities.scores()[2]:.3f} |"
        )
    lines.append(
        f"| **mean ± sd** | | | **{spread(accuracy)}** | **{spread(macro)}** | "
        f"{spread(oos) if oos else '—'} | **{spread(entity_f1)}** |"
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
    return "\n".join(lines + _entity_table(results)) + "\n"


def _entity_table(results: Sequence[FoldResult]) -> list[str]:
    """Per-label precision, recall and F1 over all folds' held-out messages, weakest first."""
    total = EntityCounts()
    for r in results:
        total = total.add(r.entities)
    rows = sorted(total.labels(), key=lambda label: total.scores(label)[2])
    lines = [
        "",
        "## Entities (exact spans, all folds' held-out messages)",
        "",
        "A found entity counts only when its start, end, type and role all match the annotation.",
        "",
        "| entity | annotated | found | precision | recall | F1 |",
        "|---|---|---|---|---|---|",
    ]
    for label in [*rows, None]:
        precision, recall, f1 = total.scores(label)
        name = label or "**all (micro)**"
        annotated = total.annotated[label] if label else sum(total.annotated.values())
        found = total.predicted[label] if label else sum(total.predicted.values())
        lines.append(
            f"| {name} | {annotated} | {found} | {precision:.3f} | {recall:.3f} | {f1:.3f} |"
        )
    return lines
