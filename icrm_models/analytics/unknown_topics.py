"""What the bot does not know yet, in one call: read, embed, cluster, place (for notebooks and CLI).

>>> found = unknown_topics(engine, since=datetime(2026, 12, 1, tzinfo=UTC))  # doctest: +SKIP
>>> [(t.size, t.keywords, t.match.intent, t.is_new) for t in found.report.topics]  # doctest: +SKIP

``found.messages[i]`` is the message behind index ``i`` of every topic's ``members``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.analytics.topic_mapping import NEW_INTENT_THRESHOLD
from icrm_models.analytics.topic_reference import sample_per_intent, training_reference
from icrm_models.analytics.topics import (
    DEFAULT_MIN_CLUSTER_SIZE,
    DEFAULT_MIN_SAMPLES,
    TopicReport,
    discover_topics,
    embed_texts,
)
from icrm_models.analytics.unknown_messages import (
    DEFAULT_CONFIDENCE_BELOW,
    UnknownMessage,
    unknown_messages,
)
from icrm_models.embeddings.encoder import load_encoder
from icrm_models.nlu.bot_data import bot_examples


@dataclass(frozen=True)
class UnknownTopics:
    """The messages read and the topics found among them."""

    messages: list[UnknownMessage]
    report: TopicReport


def unknown_topics(
    engine: Engine,
    *,
    encoder_path: Path | None,
    nlu_dir: Path,
    since: datetime | None = None,
    cache_dir: Path | None = None,
    confidence_below: float = DEFAULT_CONFIDENCE_BELOW,
    min_cluster_size: int = DEFAULT_MIN_CLUSTER_SIZE,
    min_samples: int = DEFAULT_MIN_SAMPLES,
    threshold: float = NEW_INTENT_THRESHOLD,
    reference_per_intent: int | None = None,
) -> UnknownTopics:
    """The not-understood customer messages since ``since`` and their topics.

    ``encoder_path`` is the sentence-transformers model (settings.embedding_model_path), the
    published one: a model fine-tuned on the bot's intents would pull every message towards
    them and hide exactly the new topics. ``nlu_dir`` holds the training data the clusters are
    compared with; ``reference_per_intent`` caps its examples per intent (None: all).
    """
    with Session(engine) as session:
        messages = unknown_messages(session, since=since, confidence_below=confidence_below)
    if not messages:
        return UnknownTopics([], TopicReport([], [], 0))
    encoder = load_encoder(encoder_path)
    examples = sample_per_intent(bot_examples(nlu_dir), reference_per_intent)
    reference = training_reference(
        examples,
        lambda texts: embed_texts(encoder, texts),
        model_id=str(encoder_path),
        cache_dir=cache_dir,
    )
    texts = [m.text for m in messages]
    report = discover_topics(
        texts,
        embed_texts(encoder, texts),
        reference,
        min_cluster_size=min_cluster_size,
        min_samples=min_samples,
        threshold=threshold,
    )
    return UnknownTopics(messages, report)
