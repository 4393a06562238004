"""Train the Rasa model only when the bot's content changed (cached by content hash)."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from icrm_models.launcher.paths import ProjectPaths

# What the trained model depends on: config, domain and training data (not the tests).
TRAINING_INPUTS = ("config.yml", "domain", "data")


def bot_content_hash(bot_dir: Path) -> str:
    """A hash of every file the model is trained from: names and contents, in a fixed order."""
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = bot_dir / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
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
    content_hash = bot_content_hash(paths.bot)
    target = model_path(models_dir, content_hash)
    if target.exists() and not force:
        return target, False
    models_dir.mkdir(parents=True, exist_ok=True)
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(paths.rasa_bin),
        "train",
        "--config",
        str(paths.bot / "config.yml"),
        "--domain",
        str(paths.bot / "domain"),
        "--data",
        str(paths.bot / "data"),
        "--out",
        str(models_dir),
        "--fixed-model-name",
        target.name.removesuffix(".tar.gz"),
    ]
    with log.open("w") if log else open("/dev/null", "w") as out:
        result = subprocess.run(
            command, cwd=paths.root, stdout=out, stderr=subprocess.STDOUT, check=False
        )
    if result.returncode != 0 or not target.exists():
        where = f"; see {log}" if log else ""
        raise RuntimeError(f"rasa train failed (exit {result.returncode}){where}")
    return target, True
