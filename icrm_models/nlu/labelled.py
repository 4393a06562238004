"""Labelled messages (``text,intent`` CSV) as analysts export them from chat logs."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


class LabelledDataError(ValueError):
    """The file cannot be read as labelled messages; the message says what to fix."""


@dataclass(frozen=True)
class Labelled:
    """One message and the intent a person gave it."""

    text: str
    intent: str


def read_labelled_csv(path: Path) -> list[Labelled]:
    """Rows of a ``text,intent`` CSV; a clear error for missing columns, empty rows or files."""
    if not path.exists():
        raise LabelledDataError(f"{path} does not exist")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = {c.strip().lower(): c for c in reader.fieldnames or []}
            missing = {"text", "intent"} - set(columns)
            if missing:
                raise LabelledDataError(
                    f"{path} needs the columns text,intent; missing: {', '.join(sorted(missing))}"
                    f" (found: {', '.join(reader.fieldnames or []) or 'no header'})"
                )
            rows = []
            for line, row in enumerate(reader, start=2):
                text = (row.get(columns["text"]) or "").strip()
                intent = (row.get(columns["intent"]) or "").strip()
                if not text or not intent:
                    raise LabelledDataError(f"{path}, line {line}: empty text or intent")
                rows.append(Labelled(text, intent))
    except UnicodeDecodeError as error:
        raise LabelledDataError(f"{path} is not UTF-8 text: {error}") from error
    if not rows:
        raise LabelledDataError(f"{path} has a header but no messages")
    return rows
