"""The bot's intent classifier, trained and reloaded inside the real Rasa runtime."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from icrm_models.launcher.paths import ProjectPaths

CHECK = Path(__file__).with_name("rasa_linear_classifier_check.py")


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict:
    paths = ProjectPaths.discover()
    if not paths.rasa_python.exists():
        reason = f"{paths.rasa_python} missing: run `make setup` to install the Rasa runtime"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("linear-model")
    done = subprocess.run(
        [str(paths.rasa_python), str(CHECK), str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=paths.root,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


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
