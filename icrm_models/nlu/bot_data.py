"""The bot's own NLU training messages, read from ``bot/data/nlu``.

Used to fine-tune the sentence encoder on the assistant's intents (plain ``(text, intent)``) and
to cross-validate the NLU, where each message keeps its entity annotations (``[10023](order_id)``,
``[80]{"entity": "price", "role": "under"}``) as spans of its plain text, and the lookup tables,
regexes and synonyms travel with every fold's training data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from icrm_models.nlu.entity_metrics import EntitySpan

_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\(([^)]*)\)|(\{[^}]*\}))")


@dataclass(frozen=True)
class AnnotatedExample:
    """One training message: as Rasa reads it, as the customer typed it, and its entities."""

    annotated: str
    text: str
    intent: str
    entities: list[EntitySpan] = field(default_factory=list)


@dataclass(frozen=True)
class BotNluData:
    """The intent examples and every other NLU block (lookup tables, regexes, synonyms)."""

    examples: list[AnnotatedExample]
    other_blocks: list[dict[str, Any]]


def _label(round_brackets: str | None, curly: str | None) -> str:
    if round_brackets is not None:
        return round_brackets.split(":")[0].strip()
    spec = json.loads(curly or "{}")
    return f"{spec['entity']}.{spec['role']}" if spec.get("role") else str(spec["entity"])


def annotate(example: str) -> tuple[str, list[EntitySpan]]:
    """An annotated training example as the customer typed it, and its entity spans."""
    text, spans, cursor = "", [], 0
    for match in _ANNOTATION.finditer(example):
        text += example[cursor : match.start()]
        start = len(text)
        text += match.group(1)
        spans.append((start, len(text), _label(match.group(2), match.group(3))))
        cursor = match.end()
    text += example[cursor:]
    stripped = text.lstrip()
    shift = len(text) - len(stripped)
    return stripped.rstrip(), [(s - shift, e - shift, label) for s, e, label in spans]


def plain_text(example: str) -> str:
    """An annotated training example as the customer typed it."""
    return annotate(example)[0]


def bot_nlu_data(nlu_dir: Path) -> BotNluData:
    """Every intent example under ``nlu_dir`` with its annotations, and the other blocks."""
    examples: list[AnnotatedExample] = []
    other: list[dict[str, Any]] = []
    for file in sorted(nlu_dir.rglob("*.yml")):
        content = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for block in content.get("nlu") or []:
            intent = block.get("intent")
            if not intent:
                other.append(block)
                continue
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    source = line[2:].strip()
                    text, spans = annotate(source)
                    if text:
                        examples.append(AnnotatedExample(source, text, str(intent), spans))
    if not examples:
        raise ValueError(f"no intent examples under {nlu_dir}")
    return BotNluData(examples, other)


def bot_examples(nlu_dir: Path) -> list[tuple[str, str]]:
    """Every intent example under ``nlu_dir`` as plain ``(text, intent)``."""
    return [(e.text, e.intent) for e in bot_nlu_data(nlu_dir).examples]
