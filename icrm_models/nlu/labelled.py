"""Labelled messages (``text,intent[,register]`` CSV) as analysts export them from chat logs.

A shop brings one CSV or a folder of them (the blind test set is three files, one per writer).
The optional ``register`` column says how a message is written (typo, texting, angry, ...), so an
evaluation can show where the assistant is weak. Every problem with a file is a
:class:`LabelledDataError` whose message names the file (and line) and what to fix, because the
person running ``icrm nlu evaluate`` sees nothing else.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


class LabelledDataError(ValueError):
    """The file cannot be read as labelled messages; the message says what to fix."""


@dataclass(frozen=True)
class Labelled:
    """One message, the intent a person gave it and, when the file says so, its register."""

    text: str
    intent: str
    register: str | None = None
    source: str | None = None  # the file it came from (its name), for reports over folders


def read_labelled(path: Path) -> list[Labelled]:
    """The messages of one CSV, or of every ``*.csv`` in a folder (in file-name order)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
        if not files:
            raise LabelledDataError(f"{path} is a folder without .csv files")
        return [row for file in files for row in read_labelled_csv(file)]
    return read_labelled_csv(path)


def read_labelled_csv(path: Path) -> list[Labelled]:
    """Rows of a ``text,intent`` CSV (``register`` optional); a clear error for any bad input."""
    if not path.exists():
        raise LabelledDataError(f"{path} does not exist")
    if not path.is_file():
        raise LabelledDataError(f"{path} is not a file")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            # strict: an unclosed quote is an error, not the rest of the file read as one text
            reader = csv.DictReader(handle, strict=True)
            try:
                rows = _rows(path, reader)
            except csv.Error as error:
                # line_num counts the lines of the records read whole: the bad one starts after
                raise LabelledDataError(
                    f"{path}, line {reader.line_num + 1}: not valid CSV ({error})"
                ) from error
    except UnicodeDecodeError as error:
        raise LabelledDataError(f"{path} is not UTF-8 text: {error}") from error
    if not rows:
        raise LabelledDataError(f"{path} has a header but no messages")
    return rows


def _rows(path: Path, reader: csv.DictReader[str]) -> list[Labelled]:
    """Validate the header, then read every row; stops at the first bad line."""
    if not reader.fieldnames:
        raise LabelledDataError(f"{path} is empty: expected a header line text,intent")
    columns = {c.strip().lower(): c for c in reader.fieldnames if c is not None}
    missing = {"text", "intent"} - set(columns)
    if missing:
        raise LabelledDataError(
            f"{path} needs the columns text,intent; missing: {', '.join(sorted(missing))}"
            f" (found: {', '.join(reader.fieldnames)})"
        )
    register_column = columns.get("register")
    rows = []
    for row in reader:
        line = reader.line_num
        if row.get(None):  # DictReader keeps the fields beyond the header under None
            raise LabelledDataError(
                f"{path}, line {line}: more fields than the header; quote texts that hold commas"
            )
        text = (row.get(columns["text"]) or "").strip()
        intent = (row.get(columns["intent"]) or "").strip()
        if not text or not intent:
            raise LabelledDataError(f"{path}, line {line}: empty text or intent")
        register = (row.get(register_column) or "").strip() if register_column else ""
        rows.append(Labelled(text, intent, register or None, path.name))
    return rows
