from pathlib import Path

import numpy as np
import pytest

from icrm_models.embeddings.encoder import EmbeddingModelMissingError, load_encoder
from icrm_models.settings import default_embedding_model_path


def test_the_packaged_model_loads_offline_and_embeds_meaningfully() -> None:
    encoder = load_encoder(default_embedding_model_path())
    vectors = encoder.encode(
        [
            "a warm waterproof jacket for hiking",
            "rain jacket for the mountains",
            "where is my parcel",
        ],
        normalize_embeddings=True,
    )
    assert vectors.shape == (3, 384)
    similar, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert similar > unrelated + 0.3
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelMissingError, match="ICRM_EMBEDDING_MODEL_PATH"):
        load_encoder(tmp_path / "nothing-here")
    with pytest.raises(EmbeddingModelMissingError):
        load_encoder(None)
