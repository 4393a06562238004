"""Runs inside the Rasa runtime (.venv-rasa): trains WordLlamaFeaturizer, reloads it from the model
storage and prints the sentence vectors it adds (and the features of the other featurizers)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bot"))
from components.wordllama_featurizer import WordLlamaFeaturizer

TEXTS = ["where is my package", "i want a refund for order #10023", "Hello!"]


def main(folder: Path, package: str) -> None:
    storage = LocalModelStorage(folder)
    context = ExecutionContext(graph_schema=None, node_name="n")  # type: ignore[arg-type]
    config = {**WordLlamaFeaturizer.get_default_config(), "package_dir": package}
    data = TrainingData([Message.build(text=t, intent="any") for t in TEXTS])
    WordLlamaFeaturizer.create(config, storage, Resource("wl"), context).train(data)
    loaded = WordLlamaFeaturizer.load(
        {"dimensions": 256, "package_dir": "/nonexistent"}, storage, Resource("wl"), context
    )
    messages = [Message.build(text=t) for t in TEXTS]
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process(messages)
    loaded.process(messages)
    vectors, sequences = [], []
    for message in messages:
        sequence, sentence = message.get_dense_features(TEXT)
        vectors.append(sentence.features[0].tolist())
        sequences.append(sequence is not None)
    small = WordLlamaFeaturizer.load({"dimensions": 64}, storage, Resource("wl"), context)
    short = [Message.build(text=TEXTS[0])]
    small.process(short)
    errors = []
    try:
        WordLlamaFeaturizer.validate_config({"dimensions": 100})
    except ValueError as error:
        errors.append(str(error))
    print(
        json.dumps(
            {
                "vectors": vectors,
                "has_sequence": sequences,
                "small": short[0].get_dense_features(TEXT)[1].features[0].tolist(),
                "errors": errors,
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
