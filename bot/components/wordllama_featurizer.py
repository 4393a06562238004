"""A second dense sentence feature: WordLlama's static token embeddings, mean-pooled.

WordLlama (PyPI ``wordllama``) ships its default model in the wheel: a 32,000 x 256 token
embedding matrix (``weights/l2_supercat_256.safetensors``) and its tokenizer
(``tokenizers/l2_supercat_tokenizer_config.json``). The package itself needs numpy >= 2 and
pydantic >= 2, which Rasa 3.6 cannot run with, so this component reads the two files directly
(safetensors + tokenizers, both in the Rasa runtime) and computes what
``WordLlama.load().embed(texts, norm=True)`` does: the average of the message's token vectors,
scaled to unit length. Training copies both files into the Rasa model, so a trained model
always runs with the embeddings it was trained with. It adds a sentence feature only: the
intent classifier reads it beside MiniLM's; the entity tagger keeps MiniLM's token vectors.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.persisted import PersistedComponent

logger = logging.getLogger(__name__)

WORDLLAMA_DIR_ENV = "ICRM_WORDLLAMA_DIR"  # the installed package's folder (holds weights/)
WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"
TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "var" / "bench" / "wordllama-pkg" / "wordllama"


def package_dir(configured: str | None) -> Path:
    """Where the wordllama package is: component config, then environment, then the default."""
    return Path(configured or os.environ.get(WORDLLAMA_DIR_ENV) or DEFAULT_DIR)


class StaticEncoder:
    """Mean-pooled, L2-normalised static token embeddings, as WordLlama's ``embed``."""

    def __init__(self, folder: Path, dimensions: int) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        matrix = load_file(str(folder / WEIGHTS))["embedding.weight"]
        self.embedding = np.ascontiguousarray(matrix[:, :dimensions], dtype=np.float32)
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()

    def encode(self, text: str) -> np.ndarray:
        ids = np.asarray(self.tokenizer.encode(text, add_special_tokens=False).ids, dtype=np.int64)
        if len(ids) == 0:
            return np.zeros(self.embedding.shape[1], dtype=np.float32)
        np.clip(ids, 0, self.embedding.shape[0] - 1, out=ids)
        pooled = self.embedding[ids].mean(axis=0)
        norm = float(np.linalg.norm(pooled))
        vector: np.ndarray = pooled / norm if norm > 0 else pooled
        return vector


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class WordLlamaFeaturizer(DenseFeaturizer, PersistedComponent[StaticEncoder]):
    """A dense sentence feature from WordLlama's token embeddings."""

    trained_name = "model"
    untrained_behaviour = "it adds no features"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            "package_dir": None,  # default: $ICRM_WORDLLAMA_DIR or var/bench/wordllama-pkg
            "dimensions": 256,  # Matryoshka: the first 64, 128 or 256 dimensions
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["safetensors", "tokenizers"]

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        trained: StaticEncoder | None = None,
    ) -> None:
        self._keep(config, model_storage, resource)
        super().__init__(resource.name, self._config)
        self._encoder = trained

    @classmethod
    def read_trained(cls, folder: Path, config: dict[str, Any]) -> StaticEncoder:
        """The encoder over the weights and tokenizer ``train`` copied into the model."""
        return StaticEncoder(folder, int(config["dimensions"]))

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if int(config.get("dimensions", 256)) not in (64, 128, 256):
            raise ValueError("WordLlamaFeaturizer: dimensions must be 64, 128 or 256")

    def train(self, training_data: TrainingData) -> Resource:
        source = package_dir(self._config.get("package_dir"))
        if not (source / WEIGHTS).exists():
            raise FileNotFoundError(
                f"WordLlamaFeaturizer: no {WEIGHTS} under {source}: install wordllama there or "
                f"set {WORDLLAMA_DIR_ENV}"
            )
        with self.persist() as folder:
            for part in (WEIGHTS, TOKENIZER):
                (folder / part).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / part, folder / part)
            self._encoder = self.read_trained(folder, self._config)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        if self._encoder is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            self.add_features_to_message(
                sequence=None,
                sentence=self._encoder.encode(text)[np.newaxis, :],
                attribute=TEXT,
                message=message,
            )
        return messages
