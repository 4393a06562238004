"""Scores of entity predictions: exact spans, per label, counted so folds can be added up.

A predicted entity counts only when its start, end and label (``entity`` or ``entity.role``) all
match an annotated one: a price found without its "under" role, or "blue jacket" where "jacket"
was annotated, is both a false positive and a miss. Two extractors finding the same span (the
CRF and the order-number regex) count once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

EntitySpan = tuple[int, int, str]
"""Start and end offsets in the plain text, and the label (``entity`` or ``entity.role``)."""


@dataclass
class EntityCounts:
    """True positives, predictions and annotations per label."""

    true_positives: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    annotated: Counter[str] = field(default_factory=Counter)

    def add(self, other: EntityCounts) -> EntityCounts:
        """Both counts summed (for the total over folds)."""
        return EntityCounts(
            self.true_positives + other.true_positives,
            self.predicted + other.predicted,
            self.annotated + other.annotated,
        )

    def scores(self, label: str | None = None) -> tuple[float, float, float]:
        """Precision, recall and F1 of one label, or micro-averaged over all of them."""

        def pick(counts: Counter[str]) -> int:
            return counts[label] if label is not None else sum(counts.values())

        hits, predicted, annotated = (
            pick(self.true_positives),
            pick(self.predicted),
            pick(self.annotated),
        )
        precision = hits / predicted if predicted else 0.0
        recall = hits / annotated if annotated else 0.0
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        return precision, recall, f1

    def labels(self) -> list[str]:
        return sorted(set(self.annotated) | set(self.predicted))


def count_entities(
    truth: Sequence[Iterable[EntitySpan]], predicted: Sequence[Iterable[EntitySpan]]
) -> EntityCounts:
    """Exact-span matches of ``predicted`` against ``truth`` (one list of spans per message)."""
    if len(truth) != len(predicted):
        raise ValueError(f"{len(truth)} annotated messages but {len(predicted)} predictions")
    counts = EntityCounts()
    for gold_spans, predicted_spans in zip(truth, predicted, strict=True):
        gold, found = set(gold_spans), set(predicted_spans)
        counts.annotated.update(label for _, _, label in gold)
        counts.predicted.update(label for _, _, label in found)
        counts.true_positives.update(label for _, _, label in gold & found)
    return counts


def entity_label(entity: dict[str, Any]) -> str:
    """The label a parsed entity is scored under: ``entity``, or ``entity.role`` with a role."""
    return f"{entity['entity']}.{entity['role']}" if entity.get("role") else str(entity["entity"])
