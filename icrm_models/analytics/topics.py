"""Topic discovery: cluster the messages the bot did not understand, name and place each cluster.

Messages are given with their sentence embeddings (all-MiniLM-L6-v2, unit length, from
:func:`embed_texts`), clustered by density with scikit-learn's HDBSCAN, labelled with c-TF-IDF
keywords (:mod:`icrm_models.analytics.topic_keywords`) and the messages nearest the cluster's
centroid, and compared with the bot's intents (:mod:`icrm_models.analytics.topic_mapping`).

Why HDBSCAN from scikit-learn (>= 1.3, already a dependency) and neither the ``hdbscan``
package nor BERTopic: the clustering is the same algorithm; BERTopic's additions are UMAP (a
reduction that helps tens of thousands of documents; here a few hundred to a few thousand
messages cluster well in the 384 dimensions themselves, on unit vectors, where Euclidean
distance orders pairs as cosine does) and c-TF-IDF, which is forty lines here. Density matters
more than the library: messages no topic gathers (one-off questions, typos of known intents)
stay *noise* instead of being forced into a cluster, which k-means would do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from sklearn.cluster import HDBSCAN

from icrm_models.analytics.topic_keywords import ctfidf_keywords
from icrm_models.analytics.topic_mapping import (
    NEW_INTENT_THRESHOLD,
    IntentMatch,
    IntentReference,
    match_intent,
)

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# Chosen on planted runs over the held-out set (12 random intent triples of its messages;
# `benchmarks/topic_discovery.py --tune`): leaf clusters with min_samples 3 recovered 35 of the
# 36 hidden intents at sizes 5 and 6 (purity 0.73, 0.71), 34 at 8, 10 / 5 only 29, and HDBSCAN's
# default "excess of mass" selection at most 30 (it keeps related intents as one large cluster).
# 6 rather than 5: a topic of five messages is thin ground for a new intent.
DEFAULT_MIN_CLUSTER_SIZE = 6  # fewer messages than this are not a topic worth an intent yet
DEFAULT_MIN_SAMPLES = 3  # neighbours a message needs to be in a cluster's dense core
REPRESENTATIVES = 5  # examples shown per cluster: those nearest its centroid


@dataclass(frozen=True)
class Topic:
    """One cluster of unknown messages and what it probably is."""

    topic_id: int  # 0 = the largest cluster
    size: int
    keywords: list[str]
    representatives: list[str]  # the messages nearest the centroid, nearest first
    members: list[int]  # indices into the messages given, nearest the centroid first
    match: IntentMatch
    texts: list[str] = field(repr=False)  # every member's text, in the order of ``members``

    @property
    def is_new(self) -> bool:
        """Whether this looks like an intent the bot does not have yet."""
        return self.match.is_new


@dataclass(frozen=True)
class TopicReport:
    """The clusters found, largest first, and the messages no cluster took."""

    topics: list[Topic]
    noise: list[int]  # indices of the messages in no cluster
    messages: int  # messages clustered (clusters + noise)


def embed_texts(encoder: SentenceTransformer, texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence embeddings of ``texts`` (one row each; (0, d) for none)."""
    if not texts:
        # renamed in sentence-transformers 6 (the old name warns); >= 3.0 is allowed
        size = getattr(encoder, "get_embedding_dimension", None)
        size = size or encoder.get_sentence_embedding_dimension
        return np.zeros((0, int(size() or 0)), dtype=np.float32)
    vectors = encoder.encode(
        list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)


def discover_topics(
    texts: Sequence[str],
    embeddings: np.ndarray,
    reference: IntentReference,
    *,
    min_cluster_size: int = DEFAULT_MIN_CLUSTER_SIZE,
    min_samples: int = DEFAULT_MIN_SAMPLES,
    threshold: float = NEW_INTENT_THRESHOLD,
    keywords: int = 5,
    selection: str = "leaf",
) -> TopicReport:
    """Cluster ``texts`` (with their unit-length ``embeddings``) and place each cluster.

    ``min_cluster_size`` is HDBSCAN's: the smallest group that counts as a topic;
    ``min_samples`` how many neighbours a message needs to be part of a dense core (higher
    leaves more messages as noise; capped at ``min_cluster_size``). Fewer messages than
    ``min_cluster_size`` give no topics, not an error. ``selection`` is HDBSCAN's
    ``cluster_selection_method`` (see :func:`cluster_labels`; "eom" only for comparison).
    """
    if len(texts) != len(embeddings):
        raise ValueError(f"{len(texts)} texts but {len(embeddings)} embeddings")
    if min_cluster_size < 2:
        raise ValueError(f"min_cluster_size must be at least 2, got {min_cluster_size}")
    if min_samples < 1:
        raise ValueError(f"min_samples must be at least 1, got {min_samples}")
    if len(texts) < max(min_cluster_size, 2):
        return TopicReport([], list(range(len(texts))), len(texts))
    labels = cluster_labels(
        embeddings,
        min_cluster_size=min_cluster_size,
        min_samples=min(min_samples, min_cluster_size),
        selection=selection,
    )
    groups = [np.flatnonzero(labels == label) for label in sorted(set(labels) - {-1})]
    groups.sort(key=lambda members: (-len(members), int(members[0])))
    noise = [int(i) for i in np.flatnonzero(labels == -1)]
    words = ctfidf_keywords(
        [[texts[int(i)] for i in members] for members in groups],
        background=[texts[i] for i in noise],
        top_n=keywords,
    )
    topics = []
    for topic_id, (members, topic_words) in enumerate(zip(groups, words, strict=True)):
        centroid = embeddings[members].mean(axis=0)
        nearest_first = members[np.argsort(-(embeddings[members] @ centroid), kind="stable")]
        ordered = [int(i) for i in nearest_first]
        topics.append(
            Topic(
                topic_id=topic_id,
                size=len(ordered),
                keywords=topic_words,
                representatives=_distinct([texts[i] for i in ordered], REPRESENTATIVES),
                members=ordered,
                match=match_intent(centroid, reference, threshold=threshold),
                texts=[texts[i] for i in ordered],
            )
        )
    return TopicReport(topics, noise, len(texts))


def cluster_labels(
    embeddings: np.ndarray,
    *,
    min_cluster_size: int,
    min_samples: int | None = None,
    selection: str = "leaf",
) -> np.ndarray:
    """HDBSCAN's label of every row (-1 = noise), on unit vectors with Euclidean distance.

    Clusters are the *leaves* of HDBSCAN's condensed tree, not its default "excess of mass"
    choice: customers ask about neighbouring things ("switch account", "set up an address"
    both say "account"), and excess of mass tends to keep such neighbours as one large cluster,
    which then maps to neither. Leaves split them; a real topic split in two still yields two
    proposals of the same kind, which a reviewer merges in a minute.
    """
    if selection not in ("leaf", "eom"):
        raise ValueError(f"selection must be 'leaf' or 'eom', got {selection!r}")
    clusterer = HDBSCAN(
        min_cluster_size=min_cluster_size,
        min_samples=min_samples,
        metric="euclidean",
        cluster_selection_method=selection,
        copy=True,
    )
    return np.asarray(clusterer.fit_predict(embeddings))


def _distinct(texts: list[str], limit: int) -> list[str]:
    """The first ``limit`` texts that differ after case and spacing (customers repeat)."""
    seen: set[str] = set()
    kept: list[str] = []
    for text in texts:
        key = " ".join(text.lower().split())
        if key not in seen:
            seen.add(key)
            kept.append(text)
        if len(kept) == limit:
            break
    return kept
