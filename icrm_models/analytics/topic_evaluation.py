"""The planted test of topic discovery (issue 19): hide three intents, see whether they come back.

Three intents' examples are removed from the reference the clusters are compared with; their
messages from the blind set (never trained on, other writers) are fed as "unknown", mixed with
noise: a few blind messages of every other intent (what a confident bot still gets wrong, or
a handoff about a known thing) and out-of-scope questions. Scores:

- **purity**: in each cluster, the share of its majority intent, averaged weighted by size,
  over the messages in clusters (the noise HDBSCAN leaves out is not scored; ``coverage`` says
  how many planted messages a cluster took);
- **recovered**: planted intents with a cluster whose majority they are and that is flagged as
  a candidate new intent;
- **misplaced**: clusters whose majority is a known intent but that were flagged new or mapped
  to another intent.

The baseline clusters the same embeddings with k-means, k chosen by silhouette: every message
lands in a cluster, noise included, which is what density clustering is meant to avoid.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from icrm_models.analytics.topic_keywords import ctfidf_keywords
from icrm_models.analytics.topic_mapping import (
    NEW_INTENT_THRESHOLD,
    IntentReference,
    match_intent,
)
from icrm_models.analytics.topics import Topic, TopicReport

OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class PlantedSet:
    """The "unknown" messages of one planted run, with the intent each truly has."""

    planted: tuple[str, ...]  # the hidden intents
    texts: list[str]
    labels: list[str]


@dataclass(frozen=True)
class PlantedScore:
    """How well one clustering found the planted intents."""

    clusters: int
    purity: float
    recovered: tuple[str, ...]
    coverage: float  # share of the planted messages in some cluster
    clustered: int  # messages in clusters
    misplaced: int  # clusters of a known intent flagged new or mapped elsewhere
    known_clusters: int


def planted_set(
    rows: Sequence[tuple[str, str]],
    planted: Sequence[str],
    *,
    out_of_scope: Sequence[str] = (),
    noise_per_intent: int = 8,
    seed: int = 0,
) -> PlantedSet:
    """All ``rows`` (``(text, intent)``) of the ``planted`` intents, ``noise_per_intent`` of
    every other intent (drawn with ``seed``) and the ``out_of_scope`` texts."""
    if len(set(planted)) != len(planted) or not planted:
        raise ValueError(f"planted intents must be distinct and given: {list(planted)}")
    by_intent: dict[str, list[str]] = defaultdict(list)
    for text, intent in rows:
        if intent != OUT_OF_SCOPE:  # those come as ``out_of_scope``, all of them
            by_intent[intent].append(text)
    missing = [intent for intent in planted if intent not in by_intent]
    if missing:
        raise ValueError(f"no messages of the planted intents {missing}")
    rng = random.Random(seed)
    texts: list[str] = []
    labels: list[str] = []
    for intent in sorted(by_intent):
        group = by_intent[intent]
        if intent not in planted:
            group = rng.sample(group, min(noise_per_intent, len(group)))
        texts += group
        labels += [intent] * len(group)
    texts += list(out_of_scope)
    labels += [OUT_OF_SCOPE] * len(out_of_scope)
    return PlantedSet(tuple(planted), texts, labels)


def score_topics(report: TopicReport, data: PlantedSet) -> PlantedScore:
    """Purity, recovered planted intents, coverage and misplaced known clusters."""
    clustered = pure = misplaced = known = 0
    recovered: set[str] = set()
    planted_in = 0
    for topic in report.topics:
        counts = Counter(data.labels[i] for i in topic.members)
        majority, n = counts.most_common(1)[0]
        clustered += topic.size
        pure += n
        planted_in += sum(counts[intent] for intent in data.planted)
        if majority in data.planted:
            if topic.is_new:
                recovered.add(majority)
        elif majority != OUT_OF_SCOPE:
            known += 1
            misplaced += int(topic.is_new or topic.match.intent != majority)
    planted_total = sum(label in data.planted for label in data.labels)
    return PlantedScore(
        clusters=len(report.topics),
        purity=pure / clustered if clustered else 0.0,
        recovered=tuple(sorted(recovered)),
        coverage=planted_in / planted_total if planted_total else 0.0,
        clustered=clustered,
        misplaced=misplaced,
        known_clusters=known,
    )


def kmeans_topics(
    texts: Sequence[str],
    embeddings: np.ndarray,
    reference: IntentReference,
    *,
    k_range: range = range(2, 31),
    threshold: float = NEW_INTENT_THRESHOLD,
    seed: int = 0,
) -> TopicReport:
    """The baseline: k-means with the k of the best silhouette, mapped the same way."""
    best: tuple[float, np.ndarray] | None = None
    for k in k_range:
        if k >= len(texts):
            break
        labels = KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(embeddings)
        score = float(silhouette_score(embeddings, labels, metric="cosine"))
        if best is None or score > best[0]:
            best = (score, labels)
    if best is None:
        raise ValueError(f"k-means needs more than {k_range.start} messages, got {len(texts)}")
    labels = best[1]
    groups = [np.flatnonzero(labels == label) for label in sorted(set(labels))]
    groups.sort(key=lambda members: -len(members))
    words = ctfidf_keywords([[texts[int(i)] for i in members] for members in groups])
    topics = [
        Topic(
            topic_id=n,
            size=len(members),
            keywords=topic_words,
            representatives=[texts[int(i)] for i in members[:3]],
            members=[int(i) for i in members],
            match=match_intent(embeddings[members].mean(axis=0), reference, threshold=threshold),
            texts=[texts[int(i)] for i in members],
        )
        for n, (members, topic_words) in enumerate(zip(groups, words, strict=True))
    ]
    return TopicReport(topics, [], len(texts))
