"""Train the assistant's NLU pipeline (bot/config.yml) on any labelled messages.

Benchmarks train the very pipeline the assistant runs on public data sets; this writes the
messages as Rasa NLU data, a config with the bot's pipeline and no policies, and runs
``rasa train nlu`` in the Rasa runtime, measuring wall time and the peak memory of the process.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from icrm_models.nlu.bot_data import AnnotatedExample
from icrm_models.nlu.encoder import ensure_bot_encoder
from icrm_models.runtime.measure import run_measured
from icrm_models.runtime.paths import ProjectPaths

# Rasa reads "[text](entity)" and "{...}" annotations inside examples; plain data must not.
_ANNOTATION_CHARS = re.compile(r"[\[\]{}]")


@dataclass(frozen=True)
class TrainedNlu:
    """A trained NLU-only model and what training cost."""

    model: Path
    seconds: float
    peak_rss_mb: float


def nlu_yaml(examples: Iterable[tuple[str, str]]) -> str:
    """Rasa NLU training data (YAML) for ``(text, intent)`` pairs."""
    by_intent: dict[str, list[str]] = defaultdict(list)
    for text, intent in examples:
        clean = " ".join(_ANNOTATION_CHARS.sub(" ", text).split())
        if clean and clean not in by_intent[intent]:
            by_intent[intent].append(clean)
    blocks = [
        {"intent": intent, "examples": "".join(f"- {t}\n" for t in texts)}
        for intent, texts in sorted(by_intent.items())
    ]
    return yaml.safe_dump({"version": "3.1", "nlu": blocks}, sort_keys=False, allow_unicode=True)


def annotated_nlu_yaml(
    examples: Sequence[AnnotatedExample], other_blocks: Sequence[dict[str, object]]
) -> str:
    """Rasa NLU training data keeping the entity annotations, plus lookups, regexes, synonyms."""
    by_intent: dict[str, list[str]] = defaultdict(list)
    for example in examples:
        by_intent[example.intent].append(example.annotated)
    blocks = [
        {"intent": intent, "examples": "".join(f"- {t}\n" for t in texts)}
        for intent, texts in sorted(by_intent.items())
    ]
    return yaml.safe_dump(
        {"version": "3.1", "nlu": [*blocks, *other_blocks]}, sort_keys=False, allow_unicode=True
    )


def nlu_only_config(bot_config: Path, overrides: dict[str, dict[str, object]] | None = None) -> str:
    """The bot's pipeline without policies; ``overrides`` adjust components by name."""
    config = yaml.safe_load(bot_config.read_text())
    for component in config["pipeline"]:
        component.update((overrides or {}).get(component["name"], {}))
    config["policies"] = []
    return yaml.safe_dump(config, sort_keys=False)


def train_nlu(
    paths: ProjectPaths,
    examples: Iterable[tuple[str, str]],
    workdir: Path,
    *,
    overrides: dict[str, dict[str, object]] | None = None,
    encoder_dir: Path | None = None,
    nlu_data: str | None = None,
    config: str | None = None,
) -> TrainedNlu:
    """Train the bot's NLU pipeline on ``examples`` inside ``workdir``.

    ``encoder_dir`` is the ONNX encoder the featurizer runs (default: the bot's); ``nlu_data``
    is Rasa NLU YAML to train on instead of ``examples`` (entities, lookups and all); ``config``
    is a Rasa config (YAML) to train with instead of the bot's pipeline and ``overrides``.
    """
    if encoder_dir is None:
        encoder_dir = ensure_bot_encoder(paths)
    workdir.mkdir(parents=True, exist_ok=True)
    data = workdir / "nlu.yml"
    data.write_text(nlu_data if nlu_data is not None else nlu_yaml(examples), encoding="utf-8")
    config_file = workdir / "config.yml"
    config_file.write_text(
        config if config is not None else nlu_only_config(paths.bot / "config.yml", overrides)
    )
    log = workdir / "train.log"
    with log.open("w") as out:
        result = run_measured(
            [
                str(paths.rasa_bin),
                "train",
                "nlu",
                "--config",
                str(config_file),
                "--nlu",
                str(data),
                "--out",
                str(workdir),
                "--fixed-model-name",
                "nlu",
            ],
            cwd=paths.root,
            env={**os.environ, **paths.rasa_process_env(encoder_dir)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    model = workdir / "nlu.tar.gz"
    if result.returncode != 0 or not model.exists():
        raise RuntimeError(f"rasa train nlu failed (exit {result.returncode}); see {log}")
    return TrainedNlu(model, result.seconds, result.peak_rss_mb)
