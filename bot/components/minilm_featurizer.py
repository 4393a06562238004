"""Dense sentence and token features from all-MiniLM-L6-v2, run as ONNX inside the Rasa runtime.

Rasa 3.6 lives in its own Python 3.10 environment that must stay free of torch, so the encoder is
an ONNX export (``icrm nlu export-encoder`` writes it; ``icrm bot train`` first fine-tunes it on the
bot's intents) executed by onnxruntime, with the HuggingFace ``tokenizers`` library for word
pieces. Training copies the export into the Rasa model, so a trained model always runs with the
encoder it was trained with, whatever is on disk later. The sentence feature is the same
mean-pooled, L2-normalised embedding that sentence-transformers produces; the sequence features
are the word-piece vectors averaged per whitespace token, for the entity tagger. With
``sequence_dimensions`` set, training fits a PCA of the training messages' token vectors and the
sequence features are their projection: the CRF's cost per message grows with the number of
features per token, and 64 principal components keep most of what 384 raw dimensions give it.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.persisted import StoredComponent

logger = logging.getLogger(__name__)

ENCODER_DIR_ENV = "ICRM_ONNX_ENCODER_DIR"
ENCODER_FILES = ("model.onnx", "tokenizer.json", "manifest.json")
PROJECTION_FILE = "sequence_projection.npz"
DEFAULT_ENCODER_DIR = Path(__file__).resolve().parents[2] / "var" / "encoders" / "minilm-onnx"

Encoding = tuple[np.ndarray, np.ndarray]  # sentence embedding, per-token vectors (384 each)
_MessageKey = tuple[str, tuple[tuple[int, int], ...]]  # text, token spans
# `rasa train` runs two graph nodes of this component in one process: ``train`` encodes every
# training message to fit the token PCA, then the trained component's ``process_training_data``
# featurizes the same messages. The first hands its encodings to the second through this dict,
# keyed by encoder (its manifest and truncation), so training encodes each message once (it
# was twice: about 30 s of the bot's training). The second takes them out again.
_HANDOVER: dict[str, dict[_MessageKey, Encoding]] = {}


def encoder_dir(configured: str | None) -> Path:
    """Where the ONNX export lives: component config, then environment, then the default."""
    return Path(configured or os.environ.get(ENCODER_DIR_ENV) or DEFAULT_ENCODER_DIR)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class MiniLMFeaturizer(DenseFeaturizer, StoredComponent):
    """Featurizes user messages with an ONNX export of all-MiniLM-L6-v2."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            "model_dir": None,  # default: $ICRM_ONNX_ENCODER_DIR or var/encoders/minilm-onnx
            "max_length": 128,  # word pieces; longer messages are truncated
            "batch_size": 64,
            "threads": 0,  # onnxruntime intra-op threads; 0 = one per core
            # Token vectors for the entity tagger: 0 = all 384 dimensions, k = their first k
            # principal components on the training messages.
            "sequence_dimensions": 0,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["onnxruntime", "tokenizers"]

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        folder: Path,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        self._keep(config, model_storage, resource)
        super().__init__(name, config)
        import onnxruntime
        from tokenizers import Tokenizer

        self._folder = folder
        missing = [f for f in ENCODER_FILES if not (folder / f).exists()]
        if missing:
            raise FileNotFoundError(
                f"no ONNX sentence encoder in {folder} (missing {', '.join(missing)}): run "
                f"`icrm nlu export-encoder` (icrm bot train does) or set {ENCODER_DIR_ENV}"
            )
        model_file = folder / "model.onnx"
        manifest = json.loads((folder / "manifest.json").read_text())
        self._max_length = int(config["max_length"])
        self._batch_size = int(config["batch_size"])
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=self._max_length)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = int(config["threads"]) or (os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"]
        )
        self._input_names = {i.name for i in self._session.get_inputs()}
        self._projection: tuple[np.ndarray, np.ndarray] | None = None
        if (folder / PROJECTION_FILE).exists():
            with np.load(folder / PROJECTION_FILE) as saved:
                self._projection = (saved["mean"], saved["components"])
        self._sequence_dimensions = int(config["sequence_dimensions"])
        self._encoder_key = f"{self._max_length}:{json.dumps(manifest, sort_keys=True)}"
        logger.info("MiniLM ONNX encoder loaded from %s (%s)", folder, manifest.get("source"))

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MiniLMFeaturizer:
        """For training: the encoder named by the config or the environment."""
        folder = encoder_dir(config.get("model_dir"))
        return cls(config, execution_context.node_name, folder, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Keep a copy of the encoder inside the trained model, and the token-vector PCA."""
        projection = (
            self._fit_projection(training_data.training_examples)
            if self._sequence_dimensions
            else None
        )
        with self.persist() as target:
            for name in ENCODER_FILES:
                shutil.copyfile(self._folder / name, target / name)
            if projection is not None:
                mean, components = projection
                np.savez(target / PROJECTION_FILE, mean=mean, components=components)
        return self._resource

    def _fit_projection(self, messages: list[Message]) -> tuple[np.ndarray, np.ndarray] | None:
        """The mean and first principal axes of the training messages' token vectors."""
        todo = self._featurizable(messages)
        if not todo:
            return None
        handover = {_message_key(m): encoding for m, encoding in self._encodings(todo, {})}
        _HANDOVER[self._encoder_key] = handover
        vectors = np.vstack([sequence for _, sequence in handover.values()]).astype(np.float64)
        mean = vectors.mean(axis=0)
        _, _, axes = np.linalg.svd(vectors - mean, full_matrices=False)
        keep = min(self._sequence_dimensions, axes.shape[0])
        return mean.astype(np.float32), axes[:keep].astype(np.float32)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> MiniLMFeaturizer:
        """For inference (and featurizing training data): the encoder saved in the model."""
        with model_storage.read_from(resource) as folder:
            return cls(config, execution_context.node_name, Path(folder), model_storage, resource)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if int(config.get("max_length", 128)) < 8:
            raise ValueError("MiniLMFeaturizer: max_length must be at least 8 word pieces")
        if not 0 <= int(config.get("sequence_dimensions", 0)) <= 384:
            raise ValueError("MiniLMFeaturizer: sequence_dimensions must be between 0 and 384")

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        handover = _HANDOVER.pop(self._encoder_key, {})
        self._featurize(training_data.training_examples, handover)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages, {})
        return messages

    def _featurize(self, messages: list[Message], known: dict[_MessageKey, Encoding]) -> None:
        for message, (sentence, sequence) in self._encodings(self._featurizable(messages), known):
            if self._projection is not None:
                mean, components = self._projection
                sequence = (sequence - mean) @ components.T
            self.add_features_to_message(
                sequence=sequence.astype(np.float32),
                sentence=sentence[np.newaxis, :].astype(np.float32),
                attribute=TEXT,
                message=message,
            )

    def _encodings(
        self, messages: list[Message], known: dict[_MessageKey, Encoding]
    ) -> Iterator[tuple[Message, Encoding]]:
        """Each message with its encoding: from ``known`` where it is there, else encoded."""
        todo = []
        for message in messages:
            encoding = known.get(_message_key(message))
            if encoding is None:
                todo.append(message)
            else:
                yield message, encoding
        for start in range(0, len(todo), self._batch_size):
            batch = todo[start : start + self._batch_size]
            yield from zip(batch, self._encode_batch(batch), strict=True)

    @staticmethod
    def _featurizable(messages: list[Message]) -> list[Message]:
        """Messages with text and tokens, by length: similar lengths batch with little padding."""
        todo = [m for m in messages if m.get(TEXT) is not None and m.get(TOKENS_NAMES[TEXT])]
        return sorted(todo, key=lambda m: len(m.get(TEXT)))

    def _encode_batch(self, batch: list[Message]) -> list[Encoding]:
        """Each message's sentence embedding and its per-token vectors (all 384 dimensions)."""
        encodings = self._tokenizer.encode_batch([m.get(TEXT) for m in batch])
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]  # (batch, pieces, 384)
        encoded = []
        for row, (message, encoding) in enumerate(zip(batch, encodings, strict=True)):
            vectors = hidden[row, : len(encoding.ids)]
            sentence = vectors.mean(axis=0)
            sentence = sentence / max(float(np.linalg.norm(sentence)), 1e-12)
            sequence = self._per_token(message, encoding.offsets, vectors, sentence)
            encoded.append((sentence, sequence))
        return encoded

    @staticmethod
    def _per_token(
        message: Message,
        offsets: list[Any],
        vectors: np.ndarray,
        fallback: np.ndarray,
    ) -> np.ndarray:
        """Average the word pieces inside each Rasa token (truncated tokens get the sentence)."""
        tokens = message.get(TOKENS_NAMES[TEXT])
        out = np.empty((len(tokens), vectors.shape[1]), dtype=np.float32)
        spans = [(i, s, e) for i, (s, e) in enumerate(offsets) if e > s]  # sorted by start
        first = 0
        for index, token in enumerate(tokens):
            while first < len(spans) and spans[first][2] <= token.start:
                first += 1
            rows = []
            cursor = first
            while cursor < len(spans) and spans[cursor][1] < token.end:
                rows.append(spans[cursor][0])
                cursor += 1
            out[index] = vectors[rows].mean(axis=0) if rows else fallback
        return out


def _message_key(message: Message) -> _MessageKey:
    """What a message's encoding depends on: its text and where its tokens are."""
    tokens = message.get(TOKENS_NAMES[TEXT])
    return message.get(TEXT), tuple((token.start, token.end) for token in tokens)
