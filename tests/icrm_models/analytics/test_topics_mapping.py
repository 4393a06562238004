"""Mapping a cluster to an intent by centroid similarity, and tuning the threshold."""

from __future__ import annotations

import numpy as np
import pytest

from icrm_models.analytics.topic_mapping import intent_reference, match_intent, tune_threshold


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=float)
    return np.asarray(vector / np.linalg.norm(vector))


EXAMPLES = np.vstack(
    [_unit(1, 0.1, 0), _unit(1, -0.1, 0), _unit(0, 1, 0.1), _unit(0, 1, -0.1), _unit(0, 0, 1)]
)
INTENTS = ["track_order", "track_order", "get_refund", "get_refund", "greet"]


def test_the_reference_holds_one_unit_centroid_per_intent() -> None:
    reference = intent_reference(INTENTS, EXAMPLES)
    assert reference.intents == ("get_refund", "greet", "track_order")
    assert reference.examples == {"get_refund": 2, "greet": 1, "track_order": 2}
    assert np.allclose(np.linalg.norm(reference.centroids, axis=1), 1.0)
    assert np.allclose(reference.centroids[2], [1, 0, 0])


def test_a_cluster_near_an_intent_maps_to_it() -> None:
    reference = intent_reference(INTENTS, EXAMPLES)
    match = match_intent(np.array([3.0, 0.2, 0.0]), reference, threshold=0.9)
    assert match.intent == "track_order" and not match.is_new
    assert match.similarity == pytest.approx(0.9978, abs=1e-3)
    assert match.runner_up == "get_refund"


def test_a_cluster_far_from_every_intent_is_a_candidate_new_intent() -> None:
    reference = intent_reference(INTENTS, EXAMPLES)
    match = match_intent(_unit(1, 1, 1), reference, threshold=0.9)
    assert match.is_new and match.similarity < 0.9


def test_removed_intents_are_not_in_the_reference() -> None:
    reference = intent_reference(INTENTS, EXAMPLES, without=["track_order"])
    match = match_intent(_unit(1, 0, 0), reference, threshold=0.5)
    assert match.intent != "track_order" and match.is_new


def test_bad_references_are_refused() -> None:
    with pytest.raises(ValueError, match="2 intent labels for 5 embeddings"):
        intent_reference(INTENTS[:2], EXAMPLES)
    with pytest.raises(ValueError, match="at least one intent"):
        intent_reference(INTENTS, EXAMPLES, without=["track_order", "get_refund", "greet"])


def test_the_tuned_threshold_lies_in_the_middle_of_the_gap() -> None:
    assert tune_threshold([0.9, 0.95, 0.97], [0.6, 0.7, 0.8]) == pytest.approx(0.85)


def test_overlapping_scores_give_the_best_balanced_split() -> None:
    # one removed intent scores 0.91: the best threshold keeps every known one known
    threshold = tune_threshold([0.9, 0.95, 0.97, 0.99], [0.6, 0.7, 0.8, 0.91])
    assert 0.8 < threshold <= 0.9


def test_tuning_needs_both_kinds() -> None:
    with pytest.raises(ValueError, match="both known and new"):
        tune_threshold([0.9], [])
