"""Intent predictions of a trained Rasa model, computed by the Rasa runtime in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from icrm_models.runtime.paths import ProjectPaths


@dataclass(frozen=True)
class Prediction:
    """The NLU's reading of one message."""

    intent: str | None
    confidence: float | None
    ranking: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    ms: float


def predict(
    paths: ProjectPaths, model: Path, texts: list[str], *, encoder_dir: Path | None = None
) -> list[Prediction]:
    """Parse ``texts`` with ``model`` (one message at a time, as in a conversation)."""
    script = paths.root / "rasa_runtime" / "nlu_predict.py"
    with tempfile.TemporaryDirectory(prefix="icrm-nlu-") as scratch:
        source, target = Path(scratch) / "in.jsonl", Path(scratch) / "out.json"
        source.write_text("".join(json.dumps(t) + "\n" for t in texts), encoding="utf-8")
        result = subprocess.run(
            [str(paths.rasa_python), str(script), str(model), str(source), str(target)],
            cwd=paths.root,
            env={**os.environ, **paths.rasa_serving_env(encoder_dir)},
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not target.exists():
            raise RuntimeError(f"NLU prediction failed:\n{(result.stdout + result.stderr)[-3000:]}")
        raw = json.loads(target.read_text(encoding="utf-8"))
    return [Prediction(**row) for row in raw]


def model_intents(model: Path) -> set[str]:
    """The intents a trained model's domain declares (read from the model archive)."""
    with tarfile.open(model) as archive:
        for member in archive.getmembers():
            if member.name.endswith("domain.yml"):
                handle = archive.extractfile(member)
                if handle is not None:
                    domain = yaml.safe_load(handle.read()) or {}
                    return {
                        next(iter(i)) if isinstance(i, dict) else str(i)
                        for i in domain.get("intents", [])
                    }
    raise ValueError(f"{model} holds no domain.yml: is it a Rasa model?")
