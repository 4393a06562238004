"""Everything ``icrm nlu evaluate`` measures, broken down by intent and by register.

:func:`icrm_models.nlu.metrics.score_intents` gives the headline scores (accuracy, macro-F1),
where a message the assistant rejected counts as out-of-scope whether it was rejected by intent
(``out_of_scope``) or by low confidence (``nlu_fallback``). For an in-domain message those two
rejections mean different things to fix, so here they are kept apart:

- the **fallback rate**: in-domain messages (labelled anything but out-of-scope) predicted
  ``nlu_fallback``: the classifier was unsure, the customer gets "sorry, I did not get that";
- the **out-of-scope rate**: in-domain messages predicted ``out_of_scope``: the classifier was
  sure the shop does not handle them.

Top-k accuracy reads the classifier's ranking with the fallback entry removed (Rasa's
FallbackClassifier puts ``nlu_fallback`` on top of the ranking it overrides): it says whether
the right intent was at least among the candidates, i.e. how much a clarifying question with
buttons could rescue. A message counts as a top-k hit when its prediction is right or its
intent is among the first k of that ranking, so top-k accuracy is never below accuracy.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from icrm_models.nlu.labelled import Labelled
from icrm_models.nlu.metrics import OUT_OF_SCOPE, IntentScores, canonical, score_intents

FALLBACK = "nlu_fallback"


@dataclass(frozen=True)
class IntentRow:
    """How the messages labelled with one intent fared."""

    intent: str
    messages: int
    accuracy: float  # the share predicted right (the intent's recall)
    f1: float
    fallback_rate: float
    confused_with: str | None  # the most frequent wrong intent (fallbacks have their own rate)
    confused_count: int
    errors: dict[str, int]  # every wrong prediction and how often, nlu_fallback included


@dataclass(frozen=True)
class RegisterRow:
    """How the messages written in one register (typo, angry, keywords, ...) fared."""

    register: str
    messages: int
    accuracy: float
    fallback_rate: float  # of the register's in-domain messages; 0.0 when it has none
    out_of_scope_rate: float


@dataclass(frozen=True)
class Evaluation:
    """Headline scores, rejection rates, top-k and the breakdowns, for printing and JSON."""

    scores: IntentScores
    in_domain_messages: int
    fallback_rate: float | None  # None when every message is labelled out-of-scope
    out_of_scope_rate: float | None
    accuracy_without_fallback: float | None  # the classifier's own top-1; None without rankings
    seen_in_training: int | None  # messages identical to a training one; None if not checked
    unseen_accuracy: float | None  # the accuracy on all the other messages
    top_k: int
    top_k_accuracy: float | None  # None when the predictions carry no ranking
    per_intent: list[IntentRow]
    per_register: list[RegisterRow]  # empty when no message has a register
    confused_pairs: list[tuple[str, str, int]]  # (true, predicted, messages), nlu_fallback apart


def shown(intent: str | None) -> str:
    """The label a confusion is reported under: out-of-scope spellings fold, fallback stays."""
    if intent is not None and intent.strip().lower() == FALLBACK:
        return FALLBACK
    return canonical(intent)


def evaluate_predictions(
    rows: Sequence[Labelled],
    predicted: Sequence[str | None],
    rankings: Sequence[Sequence[str]] | None = None,
    *,
    seen: Sequence[bool] | None = None,
    known_intents: set[str] | None = None,
    top_k: int = 3,
    top_confusions: int = 10,
) -> Evaluation:
    """Score ``predicted`` (and the intent ``rankings``, best first) against ``rows``' labels.

    ``seen`` flags the messages identical to a training example
    (:func:`icrm_models.nlu.blind_set.seen_in_training`); the accuracy on the rest is reported
    apart, since a remembered message says nothing about understanding.
    """
    if len(rows) != len(predicted):
        raise ValueError(f"{len(rows)} messages but {len(predicted)} predictions")
    for name, values in (("rankings", rankings), ("seen flags", seen)):
        if values is not None and len(values) != len(rows):
            raise ValueError(f"{len(rows)} messages but {len(values)} {name}")
    if top_k < 1:
        raise ValueError(f"top_k must be at least 1, not {top_k}")
    gold = [canonical(r.intent) for r in rows]
    pred = [shown(p) for p in predicted]
    scores = score_intents(
        [r.intent for r in rows],
        list(predicted),
        known_intents=known_intents,
        top_confusions=top_confusions,
    )
    right = [g == canonical(p) for g, p in zip(gold, predicted, strict=True)]
    in_domain = [g != OUT_OF_SCOPE for g in gold]
    fallback = [p == FALLBACK for p in pred]
    rejected = [p == OUT_OF_SCOPE for p in pred]
    has_ranking = rankings is not None and any(rankings)
    top1, hits = (
        _ranking_scores(gold, predicted, rankings, top_k)
        if rankings is not None and has_ranking
        else (None, None)
    )
    confusions = Counter((g, p) for g, p, ok in zip(gold, pred, right, strict=True) if not ok)
    return Evaluation(
        scores=scores,
        in_domain_messages=sum(in_domain),
        fallback_rate=_share(fallback, in_domain),
        out_of_scope_rate=_share(rejected, in_domain),
        accuracy_without_fallback=top1,
        seen_in_training=sum(seen) if seen is not None else None,
        unseen_accuracy=_share(right, [not s for s in seen]) if seen is not None else None,
        top_k=top_k,
        top_k_accuracy=hits,
        per_intent=_per_intent(gold, pred, right, scores.per_intent_f1),
        per_register=_per_register(rows, right, fallback, rejected, in_domain),
        confused_pairs=[(g, p, n) for (g, p), n in confusions.most_common(top_confusions)],
    )


def _share(flags: Sequence[bool], among: Sequence[bool]) -> float | None:
    """The share of ``flags`` set among the positions where ``among`` is set; None if none."""
    total = sum(among)
    if total == 0:
        return None
    return sum(f and a for f, a in zip(flags, among, strict=True)) / total


def _ranking_scores(
    gold: Sequence[str],
    predicted: Sequence[str | None],
    rankings: Sequence[Sequence[str]],
    top_k: int,
) -> tuple[float, float]:
    """(accuracy of the classifier's own top-1, top-k accuracy), fallback removed from rankings."""
    top1 = hits = 0
    for label, prediction, ranking in zip(gold, predicted, rankings, strict=True):
        candidates = [canonical(name) for name in ranking if shown(name) != FALLBACK]
        if not candidates:  # no ranking for this message: its prediction is all there is
            candidates = [canonical(prediction)]
        top1 += candidates[0] == label
        hits += label == canonical(prediction) or label in candidates[:top_k]
    return top1 / len(gold), hits / len(gold)


def _per_intent(
    gold: Sequence[str], pred: Sequence[str], right: Sequence[bool], f1: dict[str, float]
) -> list[IntentRow]:
    """One row per labelled intent, in name order."""
    by_intent: dict[str, list[int]] = defaultdict(list)
    for index, label in enumerate(gold):
        by_intent[label].append(index)
    table = []
    for intent in sorted(by_intent):
        indices = by_intent[intent]
        wrong = Counter(pred[i] for i in indices if not right[i])
        worst = [(p, n) for p, n in wrong.most_common() if p != FALLBACK][:1]
        table.append(
            IntentRow(
                intent=intent,
                messages=len(indices),
                accuracy=sum(right[i] for i in indices) / len(indices),
                f1=f1.get(intent, 0.0),
                fallback_rate=sum(pred[i] == FALLBACK for i in indices) / len(indices),
                confused_with=worst[0][0] if worst else None,
                confused_count=worst[0][1] if worst else 0,
                errors=dict(wrong.most_common()),
            )
        )
    return table


def _per_register(
    rows: Sequence[Labelled],
    right: Sequence[bool],
    fallback: Sequence[bool],
    rejected: Sequence[bool],
    in_domain: Sequence[bool],
) -> list[RegisterRow]:
    """One row per register, in name order; messages without a register are left out."""
    by_register: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        if row.register is not None:
            by_register[row.register].append(index)
    table = []
    for register in sorted(by_register):
        indices = by_register[register]
        domain = [in_domain[i] for i in indices]
        table.append(
            RegisterRow(
                register=register,
                messages=len(indices),
                accuracy=sum(right[i] for i in indices) / len(indices),
                fallback_rate=_share([fallback[i] for i in indices], domain) or 0.0,
                out_of_scope_rate=_share([rejected[i] for i in indices], domain) or 0.0,
            )
        )
    return table


def weakest_intents(evaluation: Evaluation, count: int = 10) -> list[IntentRow]:
    """The ``count`` intents with the lowest accuracy (ties: lower F1, then name)."""
    return sorted(evaluation.per_intent, key=lambda r: (r.accuracy, r.f1, r.intent))[:count]
