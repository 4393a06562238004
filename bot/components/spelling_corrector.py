"""Test-time spelling correction of customer messages, placed before the tokenizer.

SymSpell (``symspellpy``) with the English frequency dictionary that ships in its wheel, plus every
word of the training data (examples and lookup tables) at a frequency above any English word, so
"packge" becomes "package" and a product name the shop trained on wins over an English word at
the same distance. Training data is never changed (each training word is in the vocabulary, so
it stays as it is). At prediction, only words that are in neither the vocabulary nor the English
dictionary are replaced, by their closest known word (at most ``max_edit_distance`` edits, one
for words of fewer than ``long_word`` letters; words under ``min_length`` letters are left
alone); a word with a digit, ``@``, ``#`` or a currency sign (order numbers, e-mails, prices)
is never touched.

Trade-off: the corrected text replaces the message's text, so the entity extractors read it and
entity offsets refer to it (numbers, e-mails and prices, which are never corrected, keep their
values; a misspelt product name is matched in its corrected form). The customer's own text is
kept as ``text_original`` in the parse result.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.persisted import PersistedComponent

VOCABULARY_FILE = "vocabulary.json"
ORIGINAL_TEXT = "text_original"
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")  # letters (with an inner apostrophe)
_TOKEN = re.compile(r"\S+")
_PROTECTED = re.compile(r"[\d@#$€£]")


def vocabulary_of(training_data: TrainingData) -> list[str]:
    """Every lower-cased word of the training examples and lookup tables, sorted."""
    words: set[str] = set()
    for message in training_data.training_examples:
        words.update(w.lower() for w in _WORD.findall(message.get(TEXT) or ""))
    for table in training_data.lookup_tables:
        elements = table.get("elements") or []
        if isinstance(elements, list):
            for element in elements:
                words.update(w.lower() for w in _WORD.findall(str(element)))
    return sorted(words)


class Corrector:
    """SymSpell over the English dictionary and a vocabulary; corrects word by word."""

    def __init__(
        self,
        vocabulary: list[str],
        *,
        max_edit_distance: int = 2,
        long_word: int = 6,
        min_length: int = 4,
    ) -> None:
        from importlib.resources import files

        from symspellpy import SymSpell

        self.max_edit_distance = max_edit_distance
        self.long_word = long_word
        self.min_length = min_length
        self.vocabulary = set(vocabulary)
        self._symspell = SymSpell(max_dictionary_edit_distance=max_edit_distance)
        english = files("symspellpy") / "frequency_dictionary_en_82_765.txt"
        self._symspell.load_dictionary(str(english), term_index=0, count_index=1)
        top = max(self._symspell.words.values(), default=1)
        for word in vocabulary:
            self._symspell.create_dictionary_entry(word, top * 10)

    def word(self, word: str) -> str:
        """The correction of one word (lower case), or the word itself."""
        from symspellpy import Verbosity

        lower = word.lower()
        if len(lower) < self.min_length or lower in self.vocabulary:
            return word
        if lower in self._symspell.words:
            return word
        distance = self.max_edit_distance if len(lower) >= self.long_word else 1
        found = self._symspell.lookup(lower, Verbosity.TOP, max_edit_distance=distance)
        return found[0].term if found else word

    def text(self, text: str) -> str:
        """``text`` with its unknown words corrected; spacing and punctuation kept."""

        def token(match: re.Match[str]) -> str:
            piece = match.group()
            if _PROTECTED.search(piece):
                return piece
            return _WORD.sub(lambda w: self.word(w.group()), piece)

        return _TOKEN.sub(token, text)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class SpellingCorrector(PersistedComponent[list[str]]):
    """Corrects misspelt words of incoming messages against the training vocabulary."""

    trained_name = "vocabulary"
    untrained_behaviour = "it corrects nothing"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_edit_distance": 2, "long_word": 6, "min_length": 4}

    @staticmethod
    def required_packages() -> list[str]:
        return ["symspellpy"]

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        trained: list[str] | None = None,
    ) -> None:
        self._keep(config, model_storage, resource)
        self._corrector: Corrector | None = None
        if trained is not None:
            self._corrector = Corrector(
                trained,
                max_edit_distance=int(self._config["max_edit_distance"]),
                long_word=int(self._config["long_word"]),
                min_length=int(self._config["min_length"]),
            )

    @classmethod
    def read_trained(cls, folder: Path, config: dict[str, Any]) -> list[str]:
        """The training vocabulary ``train`` saved."""
        vocabulary: list[str] = json.loads((folder / VOCABULARY_FILE).read_text())
        return vocabulary

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if int(config.get("max_edit_distance", 2)) not in (1, 2):
            raise ValueError("SpellingCorrector: max_edit_distance must be 1 or 2")

    def train(self, training_data: TrainingData) -> Resource:
        with self.persist() as folder:
            (folder / VOCABULARY_FILE).write_text(json.dumps(vocabulary_of(training_data)))
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # training messages are the vocabulary: nothing to correct

    def process(self, messages: list[Message]) -> list[Message]:
        if self._corrector is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            corrected = self._corrector.text(text)
            if corrected != text:
                message.set(ORIGINAL_TEXT, text, add_to_output=True)
                message.set(TEXT, corrected)
        return messages
