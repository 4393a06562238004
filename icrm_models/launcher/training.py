"""Train the Rasa model only when the bot's content changed (cached by content hash)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
from pathlib import Path

from icrm_models.launcher.form_rules import write_form_rules
from icrm_models.nlu.encoder import encoder_key, ensure_bot_encoder
from icrm_models.private_files import open_private_log
from icrm_models.runtime.measure import run_measured
from icrm_models.runtime.paths import ProjectPaths

# What the trained model depends on: config, domain, training data and our Rasa components.
TRAINING_INPUTS = ("config.yml", "domain", "data", "components")


def bot_content_hash(bot_dir: Path, encoder: str = "") -> str:
    """A hash of the files the model is trained from, the Rasa pins and the encoder key."""
    digest = hashlib.sha256()
    digest.update(encoder.encode())
    runtime = bot_dir.parent / "rasa_runtime"
    for pins in sorted(runtime.glob("*.txt")) if runtime.is_dir() else []:
        digest.update(pins.read_bytes())
    for name in TRAINING_INPUTS:
        path = bot_dir / name
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if path.is_dir()
            else [path]
        )
        for file in files:
            digest.update(str(file.relative_to(bot_dir)).encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_path(models_dir: Path, content_hash: str) -> Path:
    return models_dir / f"bot-{content_hash}.tar.gz"


def train_if_changed(
    paths: ProjectPaths, models_dir: Path, *, log: Path | None = None, force: bool = False
) -> tuple[Path, bool]:
    """The model for the bot's current content, trained now if missing; (path, trained?)."""
    write_form_rules(paths.bot)
    content_hash = bot_content_hash(paths.bot, encoder_key(paths))
    target = model_path(models_dir, content_hash)
    if target.exists() and not force:
        return target, False
    encoder = ensure_bot_encoder(paths)
    models_dir.mkdir(parents=True, exist_ok=True)
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
    # Train into a scratch folder and move the result in place at the end, so an interrupted
    # training never leaves a truncated model that later starts would take for a good one.
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".training-") as scratch:
        command = [
            str(paths.rasa_bin), "train",
            "--config", str(paths.bot / "config.yml"),
            "--domain", str(paths.bot / "domain"),
            "--data", str(paths.bot / "data"),
            "--out", scratch,
            "--fixed-model-name", target.name.removesuffix(".tar.gz"),
        ]  # fmt: skip
        with open_private_log(log) if log else open(os.devnull, "wb") as out:
            result = run_measured(
                command,
                cwd=paths.root,
                env={**os.environ, **paths.rasa_process_env(encoder)},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        trained = Path(scratch) / target.name
        if result.returncode != 0 or not trained.exists():
            where = f"; see {log}" if log else ""
            raise RuntimeError(f"rasa train failed (exit {result.returncode}){where}")
        os.replace(trained, target)
    training_stats(target).write_text(
        json.dumps({"seconds": round(result.seconds, 1), "peak_rss_mb": round(result.peak_rss_mb)})
    )
    return target, True


def training_stats(model: Path) -> Path:
    """The JSON file beside a trained model with its training time and peak memory."""
    return model.with_name(model.name.removesuffix(".tar.gz") + ".training.json")
