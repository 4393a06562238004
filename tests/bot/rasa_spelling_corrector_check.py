"""Runs inside the Rasa runtime (.venv-rasa): trains SpellingCorrector on a toy data set with a
lookup table, reloads it from the model storage and prints what it makes of misspelt messages."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bot"))
from components.spelling_corrector import ORIGINAL_TEXT, SpellingCorrector

TRAINING = ["where is my package", "i want a refund", "do you sell the zentrek backpack"]
MESSAGES = [
    "wher is my pakage",  # "wher": 4 letters, one edit; "pakage": 6, up to two
    "refnud for order #10023 to ann@exmple.com, $40 or €35",  # protected tokens untouched
    "zentrak backpak pls",  # the lookup / training word wins; "pls" is too short
    "where is my package",  # nothing to correct
    "",
]


def main(folder: Path) -> None:
    storage = LocalModelStorage(folder)
    context = ExecutionContext(graph_schema=None, node_name="n")  # type: ignore[arg-type]
    data = TrainingData(
        [Message.build(text=t, intent="any") for t in TRAINING],
        lookup_tables=[{"name": "product", "elements": ["Alpine Trail Jacket"]}],
    )
    config = SpellingCorrector.get_default_config()
    SpellingCorrector.create(config, storage, Resource("spell"), context).train(data)
    kept = SpellingCorrector.create(config, storage, Resource("spell"), context)
    training_texts = [m.get("text") for m in kept.process_training_data(data).training_examples]
    loaded = SpellingCorrector.load(config, storage, Resource("spell"), context)
    messages = [Message.build(text=t) for t in MESSAGES]
    loaded.process(messages)
    lookup = [Message.build(text="the alpin trial jacket")]
    loaded.process(lookup)
    untrained = SpellingCorrector.load(config, storage, Resource("never"), context)
    fresh = [Message.build(text="wher is my pakage")]
    untrained.process(fresh)
    errors = []
    try:
        SpellingCorrector.validate_config({"max_edit_distance": 3})
    except ValueError as error:
        errors.append(str(error))
    print(
        json.dumps(
            {
                "corrected": [m.get("text") for m in messages],
                "original": [m.get(ORIGINAL_TEXT) for m in messages],
                "lookup": lookup[0].get("text"),
                "training_texts": training_texts,
                "untrained": fresh[0].get("text"),
                "errors": errors,
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
