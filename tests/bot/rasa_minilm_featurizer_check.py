"""Runs inside the Rasa runtime (.venv-rasa): trains MiniLMFeaturizer with and without the token
PCA on a toy data set, reloads both from the model storage and prints what they produce."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bot"))
from components import minilm_featurizer
from components.minilm_featurizer import ENCODER_DIR_ENV, MiniLMFeaturizer

TRAINING = [
    "where is my order 10023",
    "i want a refund for the blue jacket",
    "do you have black leggings in size M under 40",
    "hello there",
    "cancel my order please, it has not shipped yet",
]


def featurize(featurizer: MiniLMFeaturizer, text: str) -> tuple[np.ndarray, np.ndarray, int]:
    """Sequence and sentence features of one message, and its number of tokens."""
    message = Message.build(text=text)
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    featurizer.process([message])
    sequence, sentence = message.get_dense_features(TEXT)
    return sequence.features, sentence.features, len(message.get("text_tokens"))


def training_data() -> TrainingData:
    data = TrainingData([Message.build(text=t, intent="any") for t in TRAINING])
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process_training_data(data)
    return data


def trained(
    folder: Path, name: str, dimensions: int, data: TrainingData | None = None
) -> MiniLMFeaturizer:
    """Train (create + train) and reload the featurizer the way Rasa's graph does."""
    storage = LocalModelStorage(folder)
    context = ExecutionContext(graph_schema=None, node_name=name)  # type: ignore[arg-type]
    config = {**MiniLMFeaturizer.get_default_config(), "sequence_dimensions": dimensions}
    MiniLMFeaturizer.create(config, storage, Resource(name), context).train(data or training_data())
    return MiniLMFeaturizer.load(config, storage, Resource(name), context)


def training_run(folder: Path) -> dict[str, float]:
    """Train with the PCA, then featurize the training data as the next graph node does.

    Returns how many messages that node encoded (the ones training encoded are handed over),
    how far their features are from encoding each message afresh, and what is left over."""
    data = training_data()
    featurizer = trained(folder, "handover", 8, data)
    encoded: list[Message] = []
    encode = featurizer._encode_batch

    def counted(batch: list[Message]) -> list[tuple[np.ndarray, np.ndarray]]:
        encoded.extend(batch)
        return encode(batch)

    featurizer._encode_batch = counted  # type: ignore[method-assign]
    featurizer.process_training_data(data)
    encoded_again = len(encoded)
    difference = 0.0
    for message in data.training_examples:
        sequence, sentence = message.get_dense_features(TEXT)
        fresh_sequence, fresh_sentence, _ = featurize(featurizer, message.get(TEXT))
        difference = max(
            difference,
            float(np.abs(sequence.features - fresh_sequence).max()),
            float(np.abs(sentence.features - fresh_sentence).max()),
        )
    return {
        "encoded_again": encoded_again,
        "encoded_fresh": len(encoded) - encoded_again,
        "difference": difference,
        "left_over": len(minilm_featurizer._HANDOVER),
    }


def main(folder: Path) -> None:
    assert os.environ.get(ENCODER_DIR_ENV), f"{ENCODER_DIR_ENV} must name an ONNX export"
    full = trained(folder, "full", 0)
    reduced = trained(folder, "pca", 8)
    text = "wheres my parcel #10023 ?? the red one"
    raw, sentence_full, tokens = featurize(full, text)
    projected, sentence_reduced, _ = featurize(reduced, text)
    saved = np.load(folder / "pca" / "sequence_projection.npz")
    expected = (raw - saved["mean"]) @ saved["components"].T
    errors = []
    for bad in ({"sequence_dimensions": 385}, {"sequence_dimensions": -1}, {"max_length": 4}):
        try:
            MiniLMFeaturizer.validate_config(bad)
        except ValueError as error:
            errors.append(str(error))
    print(
        json.dumps(
            {
                "tokens": tokens,
                "full_shape": list(raw.shape),
                "reduced_shape": list(projected.shape),
                "sentence_shapes": [list(sentence_full.shape), list(sentence_reduced.shape)],
                "sentence_difference": float(np.abs(sentence_full - sentence_reduced).max()),
                "projection_difference": float(np.abs(projected - expected).max()),
                "components_orthonormal": float(
                    np.abs(saved["components"] @ saved["components"].T - np.eye(8)).max()
                ),
                "errors": errors,
                "training_run": training_run(folder),
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
