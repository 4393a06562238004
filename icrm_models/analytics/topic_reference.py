"""The bot's intents as topic discovery compares with them: training examples, embedded, cached.

Embedding the bot's six thousand training examples takes about a minute and a half on two busy
cores, and they change rarely, so the vectors are kept in one cache file (``cache_dir/
nlu-reference-<key>.npz``), keyed by the encoder's folder and the examples themselves: any
edit of ``bot/data/nlu`` or another model makes a new file. ``per_intent`` takes at most that
many examples of each intent (drawn with a fixed seed): faster, for tests and quick looks. From
25 per intent up the threshold separates as with all of them; fewer make noisier centroids that
sit further from every cluster (a "where is my order" cluster: 0.92 with all examples, 0.91 with
25, 0.85 with 10), so more known topics are flagged new.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from icrm_models.analytics.topic_mapping import IntentReference, intent_reference

Encode = Callable[[Sequence[str]], np.ndarray]


def sample_per_intent(
    examples: Sequence[tuple[str, str]], per_intent: int | None, *, seed: int = 0
) -> list[tuple[str, str]]:
    """At most ``per_intent`` examples of each intent (all for None), in a stable order."""
    if per_intent is None:
        return list(examples)
    if per_intent < 1:
        raise ValueError(f"per_intent must be at least 1, got {per_intent}")
    by_intent: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for example in examples:
        by_intent[example[1]].append(example)
    rng = random.Random(seed)
    kept: list[tuple[str, str]] = []
    for intent in sorted(by_intent):
        group = by_intent[intent]
        kept += group if len(group) <= per_intent else rng.sample(group, per_intent)
    return kept


def training_reference(
    examples: Sequence[tuple[str, str]],
    encode: Encode,
    *,
    model_id: str,
    cache_dir: Path | None = None,
    without: Sequence[str] = (),
) -> IntentReference:
    """The centroids of ``examples`` (``(text, intent)``), embedded by ``encode``.

    ``model_id`` names the encoder in the cache key (its folder); ``cache_dir`` None embeds
    without a cache. ``without`` leaves intents out of the reference, not out of the cache.
    """
    if not examples:
        raise ValueError("no training examples to compare the clusters with")
    texts = [text for text, _ in examples]
    intents = [intent for _, intent in examples]
    vectors = cached_embeddings(texts, encode, model_id=model_id, cache_dir=cache_dir)
    return intent_reference(intents, vectors, without=without)


def cached_embeddings(
    texts: Sequence[str], encode: Encode, *, model_id: str, cache_dir: Path | None
) -> np.ndarray:
    """``encode(texts)``, read from ``cache_dir`` when these texts were embedded by this model."""
    if cache_dir is None:
        return np.asarray(encode(texts), dtype=np.float32)
    digest = hashlib.sha256(json.dumps([model_id, list(texts)]).encode("utf-8")).hexdigest()[:16]
    cache = cache_dir / f"nlu-reference-{digest}.npz"
    vectors = _read(cache, len(texts))
    if vectors is None:
        vectors = np.asarray(encode(texts), dtype=np.float32)
        _write(cache, vectors)
    return vectors


def _read(path: Path, rows: int) -> np.ndarray | None:
    """The cached vectors, or None when missing, damaged or of another size."""
    try:
        with np.load(path) as stored:
            vectors = np.asarray(stored["vectors"])
    except (OSError, KeyError, ValueError):
        return None
    return vectors if len(vectors) == rows else None


def _write(path: Path, vectors: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
    with os.fdopen(handle, "wb") as out:
        np.savez(out, vectors=vectors)
    os.chmod(temp, 0o644)
    os.replace(temp, path)  # readers never see half a file
