"""The blind test set and the check that keeps figures on it honest.

The blind set (``tests/data/nlu_blind/``, protocol in its README) was written by people who saw
only the intent descriptions. Short customer messages still coincide with training examples by
chance ("forgot password", "cancellation fee"): such a message measures memory, not
understanding. :func:`seen_in_training` flags them so ``icrm nlu evaluate`` can report the
accuracy on the others beside the headline figure, and a test can show that nobody copied blind
messages into ``bot/`` wholesale.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from icrm_models.nlu.labelled import Labelled

# Relative to the checkout: the default of ``icrm nlu evaluate``, because it is the only labelled
# set written without the training data in view.
BLIND_SET_DIR = Path("tests") / "data" / "nlu_blind"

_NOT_WORD = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


def normalised(text: str) -> str:
    """``text`` lower-cased, without punctuation and with single spaces: how two count as one."""
    return _SPACE.sub(" ", _NOT_WORD.sub("", text.lower())).strip()


def seen_in_training(rows: Sequence[Labelled], training_texts: Iterable[str]) -> list[bool]:
    """For each row, whether its text equals a training message (after :func:`normalised`)."""
    seen = {normalised(text) for text in training_texts}
    return [normalised(row.text) in seen for row in rows]
