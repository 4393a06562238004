"""Typo-noised copies of training messages, for NLU models that must read customers' typing.

:func:`noisy` changes a message the way hurried typing does: a letter dropped, two neighbours
swapped, a letter doubled or a key's neighbour on a QWERTY keyboard hit instead. It is seeded
(the same message and seed give the same copy) and leaves alone what must stay exact: words
with digits, ``@``, ``#`` or currency signs (order numbers, e-mails, prices) and words shorter
than four letters. :func:`with_typo_copies` adds one noised copy of each example that has no
entity annotation, so annotated spans are never moved or broken.

Measured as the ``typo_augment`` candidate (benchmarks/nlu_candidates.py, docs/nlu.md): blind
accuracy 0.958 → 0.964 and typo register 0.907 → 0.950, but CLINC150 out-of-scope recall fell
from 87.5 to 82.3, more than the 1 point allowed, so ``icrm bot train`` does not use it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from icrm_models.nlu.bot_data import AnnotatedExample

_WORD = re.compile(r"\S+")
_PROTECTED = re.compile(r"[\d@#$€£]")
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
MIN_LETTERS = 4  # shorter words ("my", "the", "id") are left as they are
TRAINING_SEED = 0  # the bot's copies: fixed, so the same data always trains the same model
TRAINING_RATE = 0.5  # about half the noisable words of a message get a typo
TRAINING_SEED = 0  # the bot's copies: fixed, so the same data always trains the same model
TRAINING_RATE = 0.5  # about half the noisable words of a message get a typo


def _neighbours() -> dict[str, str]:
    """Each letter's horizontal neighbours on a QWERTY keyboard."""
    result: dict[str, str] = {}
    for row in _KEYBOARD_ROWS:
        for index, letter in enumerate(row):
            result[letter] = row[max(index - 1, 0) : index] + row[index + 1 : index + 2]
    return result


KEY_NEIGHBOURS = _neighbours()
OPERATIONS = ("delete", "swap", "double", "neighbour")


def typo(word: str, rng: random.Random) -> str:
    """``word`` with one typo at an inner position (the first letter stays, as people keep it)."""
    position = rng.randrange(1, len(word))
    operation = rng.choice(OPERATIONS)
    if operation == "delete":
        return word[:position] + word[position + 1 :]
    if operation == "swap" and position < len(word) - 1:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    if operation == "neighbour" and word[position].lower() in KEY_NEIGHBOURS:
        replacement = rng.choice(KEY_NEIGHBOURS[word[position].lower()])
        return word[:position] + replacement + word[position + 1 :]
    return word[:position] + word[position] + word[position:]


def noisable(word: str) -> bool:
    """Whether a word may get a typo: enough letters, nothing that must stay exact."""
    return sum(c.isalpha() for c in word) >= MIN_LETTERS and not _PROTECTED.search(word)


def noisy(text: str, seed: int | str, rate: float = 0.5) -> str:
    """``text`` with a typo in about ``rate`` of its noisable words, at least one if it has any."""
    rng = random.Random(f"{seed}|{text}")
    words = [(m.start(), m.end()) for m in _WORD.finditer(text) if noisable(m.group())]
    if not words:
        return text
    chosen = [span for span in words if rng.random() < rate] or [rng.choice(words)]
    pieces, cursor = [], 0
    for start, end in chosen:
        pieces += [text[cursor:start], typo(text[start:end], rng)]
        cursor = end
    return "".join([*pieces, text[cursor:]])


def with_typo_copies(
    examples: Sequence[AnnotatedExample],
    seed: int | str = TRAINING_SEED,
    rate: float = TRAINING_RATE,
) -> list[AnnotatedExample]:
    """``examples`` plus one noised copy of each unannotated one that the noise changed."""
    return [*examples, *typo_copies(examples, seed, rate)]


def typo_copies(
    examples: Sequence[AnnotatedExample],
    seed: int | str = TRAINING_SEED,
    rate: float = TRAINING_RATE,
) -> list[AnnotatedExample]:
    """One noised copy of each unannotated example, unless it is unchanged or already a message.

    A copy equal to any existing message (of whatever intent) is dropped, so the copies never
    contradict the written data nor make Rasa see one message under two intents.
    """
    seen = {example.text for example in examples}
    copies = []
    for example in examples:
        if example.entities or example.annotated != example.text:
            continue
        changed = noisy(example.text, seed, rate)
        if changed not in seen:
            seen.add(changed)
            copies.append(AnnotatedExample(changed, changed, example.intent))
    return copies
