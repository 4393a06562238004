"""discover_topics on vectors whose clusters are known: what it finds, keeps out, and names."""

from __future__ import annotations

import numpy as np
import pytest

from icrm_models.analytics.topic_mapping import IntentReference, intent_reference
from icrm_models.analytics.topics import cluster_labels, discover_topics

DIMENSION = 16


def _blob(centre: int, n: int, rng: np.random.Generator, spread: float = 0.08) -> np.ndarray:
    base = np.zeros(DIMENSION)
    base[centre] = 1.0
    points = base + rng.normal(scale=spread, size=(n, DIMENSION))
    return np.asarray(points / np.linalg.norm(points, axis=1, keepdims=True))


@pytest.fixture
def messages() -> tuple[list[str], np.ndarray]:
    """Twelve gift-wrap, ten pickup and eight loose messages scattered everywhere."""
    rng = np.random.default_rng(3)
    scattered = 3 * np.eye(DIMENSION)[8:16]  # far from all and from each other: no density
    vectors = np.vstack([_blob(0, 12, rng), _blob(1, 10, rng), scattered])
    texts = (
        [f"can you gift wrap order {n}" for n in range(12)]
        + [f"store pickup for order {n}" for n in range(10)]
        + [f"something else entirely {n}" for n in range(8)]
    )
    return texts, vectors


def _reference() -> IntentReference:
    # the bot knows "pickup" (axis 1) and something on axis 5, not gift wrapping (axis 0)
    rng = np.random.default_rng(9)
    vectors = np.vstack([_blob(1, 5, rng), _blob(5, 5, rng)])
    return intent_reference(["store_pickup"] * 5 + ["greet"] * 5, vectors)


def test_two_topics_are_found_and_placed(messages: tuple[list[str], np.ndarray]) -> None:
    texts, vectors = messages
    report = discover_topics(texts, vectors, _reference(), min_cluster_size=5)
    assert report.messages == 30
    assert [t.size for t in report.topics] == [12, 10]
    gifts, pickup = report.topics
    assert set(gifts.members) == set(range(12)) and set(pickup.members) == set(range(12, 22))
    assert gifts.is_new and gifts.keywords[:2] == ["gift", "gift wrap"]
    assert not pickup.is_new and pickup.match.intent == "store_pickup"
    assert report.noise == list(range(22, 30))


def test_representatives_are_the_members_nearest_the_centroid(
    messages: tuple[list[str], np.ndarray],
) -> None:
    texts, vectors = messages
    report = discover_topics(texts, vectors, _reference(), min_cluster_size=5)
    topic = report.topics[0]
    centroid = vectors[topic.members].mean(axis=0)
    similarity = vectors[topic.members] @ centroid
    assert list(similarity) == sorted(similarity, reverse=True)
    assert topic.representatives == [texts[i] for i in topic.members[:5]]
    assert topic.texts == [texts[i] for i in topic.members]


def test_too_few_messages_give_no_topics_not_an_error() -> None:
    vectors = np.eye(DIMENSION)[:3]
    report = discover_topics(["a", "b", "c"], vectors, _reference(), min_cluster_size=6)
    assert report.topics == [] and report.noise == [0, 1, 2]


def test_leaf_selection_splits_what_excess_of_mass_keeps_together() -> None:
    # two tight groups close to each other, far from a third: eom merges the near pair
    rng = np.random.default_rng(0)
    near_a = _blob(0, 15, rng, 0.03)
    near_b = (near_a + 0.25 * np.eye(DIMENSION)[1]) / 1.03
    near_b /= np.linalg.norm(near_b, axis=1, keepdims=True)
    far = _blob(7, 15, rng, 0.03)
    vectors = np.vstack([near_a, near_b, far])
    leaf = cluster_labels(vectors, min_cluster_size=6, min_samples=3, selection="leaf")
    eom = cluster_labels(vectors, min_cluster_size=6, min_samples=3, selection="eom")
    assert len(set(leaf) - {-1}) > len(set(eom) - {-1})


def test_bad_arguments_are_refused(messages: tuple[list[str], np.ndarray]) -> None:
    texts, vectors = messages
    with pytest.raises(ValueError, match="30 texts but 29 embeddings"):
        discover_topics(texts, vectors[:29], _reference())
    with pytest.raises(ValueError, match="min_cluster_size must be at least 2"):
        discover_topics(texts, vectors, _reference(), min_cluster_size=1)
    with pytest.raises(ValueError, match="selection must be 'leaf' or 'eom'"):
        cluster_labels(vectors, min_cluster_size=5, selection="kmeans")
