"""Scoring a redactor against labelled messages: per-category recall, and what it over-redacts.

A labelled set is CSV ``text,category,value`` (one row per personal item; ``none`` rows have no
value), as written by tests/data/redaction/make_planted.py and the blind sets beside it.

An item counts as redacted under two rules, both reported:

* **strict** — none of its tokens (runs of letters or digits; single letters aside) is left in
  the output, beyond those the rest of the message has anyway; so "Marie Curie" → "Marie
  [NAME]" is a miss, and a full address whose city survives is a miss too;
* **loose** — the value no longer appears verbatim in the output.
"""

from __future__ import annotations

import csv
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean, median

_TOKEN = re.compile(r"[^\W_]+")
_PLACEHOLDER = re.compile(r"\[(?:EMAIL|PHONE|CARD|IBAN|ADDRESS|NAME|SECRET)\]")
CATEGORIES = ("email", "phone", "card", "iban", "address", "name", "secret")


@dataclass(frozen=True)
class LabelledRow:
    """One personal item planted in a message (``category`` ``none``: a clean message)."""

    text: str
    category: str
    value: str


def read_labelled(path: Path) -> list[LabelledRow]:
    """The rows of a labelled CSV; a clear error for a value that is not in its text."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != ["text", "category", "value"]:
            raise ValueError(f"{path}: header must be text,category,value, not {reader.fieldnames}")
        rows = [LabelledRow(r["text"], r["category"], r["value"]) for r in reader]
    for line, row in enumerate(rows, start=2):
        if row.category != "none" and row.value not in row.text:
            raise ValueError(f"{path}:{line}: value {row.value!r} is not in its text")
    return rows


def _tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text) if len(t) > 1 or t.isdigit())


def redacted_strictly(text: str, value: str, output: str) -> bool:
    """Whether no token of ``value`` is left in ``output`` beyond the rest of ``text``."""
    rest = _tokens(text.replace(value, " ", 1))
    left = _tokens(_PLACEHOLDER.sub(" ", output))
    return all(left[token] <= rest[token] for token in _tokens(value))


@dataclass
class SetScore:
    """Recall per category (strict and loose) and the share of clean messages changed."""

    found_strict: Counter[str] = field(default_factory=Counter)
    found_loose: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    clean_messages: int = 0
    clean_changed: int = 0
    misses: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))

    def recall(self, category: str, *, strict: bool = True) -> float:
        """Share of the category's items redacted (NaN when there are none)."""
        found = self.found_strict if strict else self.found_loose
        return found[category] / self.total[category] if self.total[category] else float("nan")


def score_rows(rows: Iterable[LabelledRow], redactor: Callable[[str], str]) -> SetScore:
    """Run ``redactor`` once per distinct message and score every item in it."""
    score = SetScore()
    outputs: dict[str, str] = {}
    for row in rows:
        if row.text not in outputs:
            outputs[row.text] = redactor(row.text)
        output = outputs[row.text]
        if row.category == "none":
            score.clean_messages += 1
            score.clean_changed += output != row.text
            continue
        score.total[row.category] += 1
        strict = redacted_strictly(row.text, row.value, output)
        score.found_strict[row.category] += strict
        score.found_loose[row.category] += row.value not in output
        if not strict:
            score.misses[row.category].append((row.text, output))
    return score


def changed_share(texts: Iterable[str], redactor: Callable[[str], str]) -> tuple[float, list[str]]:
    """Share of ``texts`` (that hold no personal data) the redactor changed, and the changes."""
    changed: list[str] = []
    count = 0
    for text in texts:
        count += 1
        output = redactor(text)
        if output != text:
            changed.append(f"{text!r} -> {output!r}")
    return (len(changed) / count if count else float("nan")), changed


def microseconds(
    texts: list[str], redactor: Callable[[str], str], repeat: int = 1
) -> tuple[float, float]:
    """Median and mean µs per call of ``redactor`` over ``texts``.

    Each text is timed ``repeat`` times and its fastest call kept: on a machine shared with
    other work, that filters out the calls during which the process was not running.
    """
    if repeat < 1:
        raise ValueError(f"repeat must be at least 1, not {repeat}")
    timings: list[float] = []
    clock = time.perf_counter_ns
    for text in texts:
        best = None
        for _ in range(repeat):
            started = clock()
            redactor(text)
            elapsed = clock() - started
            best = elapsed if best is None else min(best, elapsed)
        timings.append((best or 0) / 1000)
    return median(timings), mean(timings)
