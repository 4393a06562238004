"""The bot's intent classifier, trained and reloaded inside the real Rasa runtime."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.rasa import run_in_rasa

CHECK = Path(__file__).with_name("rasa_linear_classifier_check.py")


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return run_in_rasa(CHECK, str(tmp_path_factory.mktemp("linear-model")))


def test_it_learns_intents_from_misspelt_examples_and_survives_a_reload(outcome: dict) -> None:
    names = [p["name"] if p else None for p in outcome["predictions"][:3]]
    assert names == ["track_order", "get_refund", "greet"]
    pairs = zip(outcome["predictions"][:3], outcome["rankings"][:3], strict=True)
    for prediction, ranking in pairs:
        assert 0 < prediction["confidence"] <= 1
        assert len(ranking) == 2 and ranking[0] == prediction
        assert ranking[0]["confidence"] >= ranking[1]["confidence"]


def test_an_empty_message_or_an_untrained_model_predicts_nothing(outcome: dict) -> None:
    assert outcome["predictions"][3] == {"name": None, "confidence": 0.0}
    assert outcome["rankings"][3] == []
    assert outcome["untrained"] == {"name": None, "confidence": 0.0}


def test_bad_settings_are_clear_errors(outcome: dict) -> None:
    assert outcome["errors"] == [
        "LinearIntentClassifier: C must be positive",
        "LinearIntentClassifier: dense_weight must not be negative",
    ]


def test_fast_scoring_matches_scikit_learn(outcome: dict) -> None:
    assert outcome["largest_difference_from_scikit_learn"] < 1e-9
