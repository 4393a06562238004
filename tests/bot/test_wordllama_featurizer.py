"""The WordLlama featurizer inside the real Rasa runtime gives WordLlama's own embeddings.

The reference is computed on our side (Python 3.11, where the wordllama package itself runs)
with its inference class on the weights and tokenizer its wheel ships."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.helpers.rasa import run_in_rasa

ROOT = Path(__file__).resolve().parents[2]
CHECK = Path(__file__).with_name("rasa_wordllama_featurizer_check.py")
PACKAGE = Path(
    os.environ.get("ICRM_WORDLLAMA_DIR", ROOT / "var" / "bench" / "wordllama-pkg" / "wordllama")
)
TEXTS = ["where is my package", "i want a refund for order #10023", "Hello!"]


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not (PACKAGE / "weights" / "l2_supercat_256.safetensors").exists():
        pytest.skip(f"wordllama is not installed at {PACKAGE} (set ICRM_WORDLLAMA_DIR)")
    return run_in_rasa(CHECK, str(tmp_path_factory.mktemp("wordllama-model")), str(PACKAGE))


def reference() -> np.ndarray:
    """WordLlama's own embeddings (norm=True) of TEXTS, from the files its wheel ships."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None:
        sys.path.insert(0, str(PACKAGE.parent))
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer
    from wordllama.inference import WordLlamaInference  # type: ignore[import-not-found]

    embedding = load_file(str(PACKAGE / "weights" / "l2_supercat_256.safetensors"))
    tokenizer = Tokenizer.from_file(
        str(PACKAGE / "tokenizers" / "l2_supercat_tokenizer_config.json")
    )
    model = WordLlamaInference(embedding["embedding.weight"].astype(np.float32), tokenizer)
    return np.asarray(model.embed(TEXTS, norm=True, return_np=True))


def test_the_sentence_vector_is_wordllamas_embedding(outcome: dict[str, Any]) -> None:
    ours = np.asarray(outcome["vectors"])
    assert ours.shape == (3, 256)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert float(np.abs(ours - reference()).max()) < 1e-5


def test_only_a_sentence_feature_and_fewer_dimensions_on_request(outcome: dict[str, Any]) -> None:
    assert outcome["has_sequence"] == [False, False, False]
    small = np.asarray(outcome["small"])
    assert small.shape == (64,)
    assert abs(float(np.linalg.norm(small)) - 1.0) < 1e-5


def test_bad_settings_are_clear_errors(outcome: dict[str, Any]) -> None:
    assert outcome["errors"] == ["WordLlamaFeaturizer: dimensions must be 64, 128 or 256"]
