"""Scores of intent predictions: accuracy, macro-F1, confusions and out-of-scope recall.

Out-of-scope is one class whatever a data set calls it (``out_of_scope``, ``oos``) and whether
the assistant rejected a message by intent or by low confidence (``nlu_fallback``). A message
labelled with an intent the assistant does not know is scored as an error, never skipped: an
analyst's labels that the domain lacks are exactly what they need to see.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

OUT_OF_SCOPE = "out_of_scope"
OUT_OF_SCOPE_ALIASES = frozenset({"out_of_scope", "oos", "nlu_fallback", "outofscope"})


def canonical(intent: str | None) -> str:
    """The label scored: out-of-scope spellings fold into one, a missing prediction is ``None``."""
    if intent is None:
        return "None"
    return OUT_OF_SCOPE if intent.strip().lower() in OUT_OF_SCOPE_ALIASES else intent.strip()


@dataclass(frozen=True)
class IntentScores:
    """What ``icrm nlu evaluate`` prints and writes."""

    messages: int
    accuracy: float
    macro_f1: float
    in_scope_accuracy: float | None
    out_of_scope_recall: float | None
    out_of_scope_messages: int
    unknown_intents: dict[str, int]
    confused_pairs: list[tuple[str, str, int]]
    per_intent_f1: dict[str, float] = field(default_factory=dict)


def score_intents(
    truth: Sequence[str],
    predicted: Sequence[str | None],
    *,
    known_intents: set[str] | None = None,
    top_confusions: int = 10,
) -> IntentScores:
    """Scores of ``predicted`` against ``truth`` (same order, same length)."""
    if len(truth) != len(predicted):
        raise ValueError(f"{len(truth)} labels but {len(predicted)} predictions")
    if not truth:
        raise ValueError("no messages to score")
    gold = [canonical(t) for t in truth]
    pred = [canonical(p) for p in predicted]
    known = {canonical(i) for i in known_intents} if known_intents is not None else None
    unknown = Counter(g for g in gold if known is not None and g not in known)

    f1 = {label: _f1(gold, pred, label) for label in sorted(set(gold))}
    in_scope = [(g, p) for g, p in zip(gold, pred, strict=True) if g != OUT_OF_SCOPE]
    oos = [(g, p) for g, p in zip(gold, pred, strict=True) if g == OUT_OF_SCOPE]
    confusions = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    return IntentScores(
        messages=len(gold),
        accuracy=sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold),
        macro_f1=sum(f1.values()) / len(f1),
        in_scope_accuracy=sum(g == p for g, p in in_scope) / len(in_scope) if in_scope else None,
        out_of_scope_recall=sum(p == OUT_OF_SCOPE for _, p in oos) / len(oos) if oos else None,
        out_of_scope_messages=len(oos),
        unknown_intents=dict(unknown.most_common()),
        confused_pairs=[(g, p, n) for (g, p), n in confusions.most_common(top_confusions)],
        per_intent_f1=f1,
    )


def _f1(gold: Sequence[str], pred: Sequence[str], label: str) -> float:
    true_pos = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
    pred_pos = sum(p == label for p in pred)
    gold_pos = sum(g == label for g in gold)
    if true_pos == 0:
        return 0.0
    precision, recall = true_pos / pred_pos, true_pos / gold_pos
    return 2 * precision * recall / (precision + recall)
