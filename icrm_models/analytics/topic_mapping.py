"""Does a cluster of unknown messages belong to an intent the bot has, or is it a new one?

Each intent of the bot's training data is summed up by its *centroid*: the mean of its
examples' normalised sentence embeddings, normalised again. A cluster is compared by its own
centroid: the nearest intent is the candidate, and the cosine similarity decides. At or above
:data:`NEW_INTENT_THRESHOLD` the cluster is "existing intent X: add these as examples", below it
"candidate new intent".

Why centroids rather than nearest training examples: by leave-one-intent-out on the held-out
set (``tests/data/nlu_holdout.csv``, never the planted test), the centroid similarity of a whole
intent's messages told "intent present" from "intent removed" right for 0.99–1.00 of the cases
at 25 to all examples per intent (``benchmarks/topic_discovery.py --tune`` shows it), while in
the same comparison during development the mean nearest-example similarity reached 0.89–0.92
and a five-nearest-neighbour vote 0.85–0.92: a removed intent's messages still find a few close
examples of a related intent ("create account" near "registration problems"), but not its
middle.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Tuned 2026-12-07 by `benchmarks/topic_discovery.py --tune` (leave-one-intent-out over the 37
# in-scope intents of the held-out set, the published all-MiniLM-L6-v2, all training examples):
# intents present scored 0.885–0.993, intents removed 0.497–0.851, the best threshold 0.868
# (balanced accuracy 1.000). With 25–80 examples per intent the best lay at 0.875–0.90.
NEW_INTENT_THRESHOLD = 0.87


@dataclass(frozen=True)
class IntentReference:
    """The bot's intents as normalised centroids of their examples' embeddings."""

    intents: tuple[str, ...]
    centroids: np.ndarray  # (intents × dimension), each row of unit length
    examples: dict[str, int]  # examples behind each centroid

    def __post_init__(self) -> None:
        if len(self.intents) != len(self.centroids):
            raise ValueError(
                f"{len(self.intents)} intents but {len(self.centroids)} centroids in the reference"
            )


@dataclass(frozen=True)
class IntentMatch:
    """The nearest intent of a cluster, how near, and what that means."""

    intent: str  # the nearest existing intent
    similarity: float  # cosine similarity of the two centroids
    runner_up: str | None  # the second nearest intent
    runner_up_similarity: float | None
    is_new: bool  # similarity below the threshold: a candidate new intent


def intent_reference(
    intents: Sequence[str], embeddings: np.ndarray, *, without: Sequence[str] = ()
) -> IntentReference:
    """The centroids of the training examples' ``embeddings`` (one row per example, labelled by
    ``intents``), leaving out the intents in ``without`` (the planted test removes three)."""
    if len(intents) != len(embeddings):
        raise ValueError(f"{len(intents)} intent labels for {len(embeddings)} embeddings")
    labels = np.asarray(intents)
    names = tuple(sorted(set(intents) - set(without)))
    if not names:
        raise ValueError("the reference needs at least one intent with examples")
    rows = [_unit(embeddings[labels == name].mean(axis=0)) for name in names]
    counts = {name: int((labels == name).sum()) for name in names}
    return IntentReference(names, np.vstack(rows), counts)


def match_intent(
    centroid: np.ndarray, reference: IntentReference, *, threshold: float = NEW_INTENT_THRESHOLD
) -> IntentMatch:
    """The nearest intent of a cluster whose centroid (any length) is ``centroid``."""
    similarities = reference.centroids @ _unit(centroid)
    order = np.argsort(-similarities, kind="stable")
    best = int(order[0])
    second = int(order[1]) if len(order) > 1 else None
    return IntentMatch(
        intent=reference.intents[best],
        similarity=float(similarities[best]),
        runner_up=reference.intents[second] if second is not None else None,
        runner_up_similarity=float(similarities[second]) if second is not None else None,
        is_new=bool(similarities[best] < threshold),
    )


def tune_threshold(known: Sequence[float], new: Sequence[float]) -> float:
    """The similarity that best separates clusters of known intents from new ones.

    ``known`` are similarities of clusters whose intent is in the reference, ``new`` of clusters
    whose intent was removed. The threshold maximises balanced accuracy (a cluster at or above
    it counts as known); among equally good ones it is the middle of the widest gap, so a small
    shift of the data moves no cluster across.
    """
    if not known or not new:
        raise ValueError("tuning needs similarities of both known and new clusters")
    values = sorted(set(known) | set(new))
    candidates = [values[0]] + [(a + b) / 2 for a, b in itertools.pairwise(values)]
    candidates.append(values[-1] + 1e-9)

    def balanced(threshold: float) -> float:
        hits_known = np.mean([s >= threshold for s in known])
        hits_new = np.mean([s < threshold for s in new])
        return float((hits_known + hits_new) / 2)

    scores = [balanced(t) for t in candidates]
    best = max(scores)
    good = [t for t, s in zip(candidates, scores, strict=True) if s == best]
    # the widest run of equally good thresholds: its middle
    return float((good[0] + good[-1]) / 2) if _contiguous(good, candidates) else good[0]


def _contiguous(good: list[float], candidates: list[float]) -> bool:
    """Whether the best thresholds form one unbroken run of the candidates."""
    first, last = candidates.index(good[0]), candidates.index(good[-1])
    return last - first + 1 == len(good)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    if norm == 0.0:
        raise ValueError("cannot compare a zero vector")
    return np.asarray(vector / norm)
