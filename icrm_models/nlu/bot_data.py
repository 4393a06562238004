"""The bot's own NLU training messages, read from ``bot/data/nlu`` as plain ``(text, intent)``.

Used to fine-tune the sentence encoder on the assistant's intents and to cross-validate the
NLU; entity annotations (``[10023](order_id)``, ``[80]{"entity": ...}``) become their plain text.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def plain_text(example: str) -> str:
    """An annotated training example as the customer typed it."""
    return _ANNOTATION.sub(r"\1", example).strip()


def bot_examples(nlu_dir: Path) -> list[tuple[str, str]]:
    """Every intent example under ``nlu_dir`` (lookup tables and regexes skipped)."""
    examples: list[tuple[str, str]] = []
    for file in sorted(nlu_dir.rglob("*.yml")):
        content = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for block in content.get("nlu") or []:
            intent = block.get("intent")
            if not intent:
                continue
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    text = plain_text(line[2:])
                    if text:
                        examples.append((text, str(intent)))
    if not examples:
        raise ValueError(f"no intent examples under {nlu_dir}")
    return examples
