"""Training-data proposals from discovered topics, as Rasa YAML for a person to review.

One ``- intent:`` block per cluster, with a comment above it saying what the cluster is (its
size, keywords, and the nearest existing intent with the similarity that decided). A cluster
near an existing intent proposes its messages as more examples *of that intent*; a candidate
new intent gets a made-up name from its keywords (``new_gift_wrap``), which the reviewer
renames. The file is never written into the bot's data: merging is a person's decision
(:func:`write_suggestions` refuses a path inside ``bot/``).

Texts are written as the customers typed them (already redacted), one line each. A text that
Rasa would read as an entity annotation (``[x](y)``) gets its square brackets turned round,
and the header says how many: nothing is changed silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from icrm_models.analytics.topics import Topic, TopicReport

RASA_VERSION = "3.1"
_ANNOTATION = re.compile(r"\[[^\]]+\](?:\(|\{)")
_NAME_PART = re.compile(r"[^a-z0-9]+")


class SuggestionPathError(ValueError):
    """The proposals would land in the bot's training data."""


def proposal_name(topic: Topic, taken: set[str]) -> str:
    """The intent a topic's messages are proposed for: the existing one, or a new name."""
    if not topic.is_new:
        return topic.match.intent
    # the first two distinct words of the keywords ("gift", "gift wrap" → new_gift_wrap)
    words = list(
        dict.fromkeys(
            w for k in topic.keywords for w in _NAME_PART.sub("_", k.lower()).split("_") if w
        )
    )
    stem = "_".join(words[:2]) or f"topic_{topic.topic_id}"
    name, n = f"new_{stem}", 2
    while name in taken:
        name, n = f"new_{stem}_{n}", n + 1
    return name


def suggestions_yaml(report: TopicReport, *, source: str = "") -> str:
    """The proposals of ``report`` as a Rasa NLU training-data file (``version: "3.1"``)."""
    lines = [
        "# Training-data proposals from `icrm nlu suggest`: review, rename, then copy by hand.",
        "# Never merged automatically; nothing here is training data until a person moves it.",
    ]
    if source:
        lines.append(f"# {source}")
    lines.append(
        f"# {report.messages} messages not understood, {len(report.topics)} clusters, "
        f"{len(report.noise)} in no cluster."
    )
    lines += [f'version: "{RASA_VERSION}"', "nlu:" if report.topics else "nlu: []"]
    taken: set[str] = set()
    for topic in report.topics:
        name = proposal_name(topic, taken)
        taken.add(name)
        examples, turned = _examples(topic.texts)
        lines += [f"  # {line}" for line in _header(topic, turned)]
        lines += [f"  - intent: {name}", "    examples: |"]
        lines += [f"      - {text}" for text in examples]
    text = "\n".join(lines) + "\n"
    _check_shape(text, expected=len(report.topics))
    return text


def write_suggestions(text: str, target: Path, *, bot_dir: Path) -> Path:
    """Write the proposals to ``target``, never inside the bot's directory ``bot_dir``."""
    resolved = target.expanduser().resolve()
    if resolved.is_relative_to(bot_dir.resolve()):
        raise SuggestionPathError(
            f"{target} is inside {bot_dir}: proposals are reviewed before they become training "
            "data; write them under var/ (the default) and copy what you accept by hand"
        )
    resolved.parent.mkdir(parents=True, exist_ok=True)
    resolved.write_text(text, encoding="utf-8")
    return resolved


def _header(topic: Topic, turned: int) -> list[str]:
    match = topic.match
    verdict = (
        f"candidate new intent (nearest: {match.intent}, similarity {match.similarity:.2f})"
        if topic.is_new
        else f"existing intent {match.intent} (similarity {match.similarity:.2f}): add as examples"
    )
    lines = [
        f"cluster {topic.topic_id}: {topic.size} messages; {verdict}",
        f"keywords: {', '.join(topic.keywords) or '(none)'}",
    ]
    if match.runner_up is not None and match.runner_up_similarity is not None:
        lines.append(f"second nearest: {match.runner_up} ({match.runner_up_similarity:.2f})")
    if turned:
        lines.append(f"{turned} text(s) had [..](..) turned into (..)(..) so Rasa reads no entity")
    return lines


def _examples(texts: Sequence[str]) -> tuple[list[str], int]:
    """One line per distinct text (case and spacing ignored), and how many had brackets turned."""
    seen: set[str] = set()
    kept: list[str] = []
    turned = 0
    for text in texts:
        # control characters would make the YAML unreadable: they become spaces
        line = " ".join("".join(c if c.isprintable() else " " for c in text).split())
        if _ANNOTATION.search(line):
            line = line.replace("[", "(").replace("]", ")")
            turned += 1
        key = line.lower()
        if line and key not in seen:
            seen.add(key)
            kept.append(line)
    return kept, turned


def _check_shape(text: str, *, expected: int) -> None:
    """Fail loudly if the YAML would not read back as the proposals written (a bug, not input)."""
    content = yaml.safe_load(text)
    blocks = content.get("nlu") or []
    if content.get("version") != RASA_VERSION or len(blocks) != expected:
        raise RuntimeError("the proposals file does not read back as written")
    for block in blocks:
        if not isinstance(block.get("examples"), str):
            raise RuntimeError(f"intent {block.get('intent')} has no example block")
