"""``rasa data validate`` with an allow-list of explained warnings, and the conversation tests."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from icrm_models.runtime.paths import ProjectPaths

WARNING = re.compile(r"UserWarning: (.+)")
ALLOWLIST = "validate_allowlist.txt"
UNUSED_UTTERANCE = re.compile(r"The utterance '(utter_ask_\w+)' is not used in any story or rule\.")


def form_questions(domain_dir: Path) -> set[str]:
    """``utter_ask_<slot>`` and ``utter_ask_<form>_<slot>`` of every form's required slots.

    Rasa 3.6's validator doesn't count these as used, although forms ask them at run time;
    the identity slots are asked by every verified form (actions/verification.py adds them).
    """
    import yaml

    names: set[str] = set()
    for file in sorted(domain_dir.glob("*.yml")):
        content = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for form, spec in (content.get("forms") or {}).items():
            for slot in [
                *(spec or {}).get("required_slots", []),
                "identity_email",
                "identity_order_id",
            ]:
                names.update({f"utter_ask_{slot}", f"utter_ask_{form}_{slot}"})
    return names


def explained_warnings(bot_dir: Path) -> set[str]:
    """Warnings we know and accept; each line of the file is preceded by a comment saying why."""
    path = bot_dir / ALLOWLIST
    if not path.exists():
        return set()
    return {
        line.strip()
        for line in path.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }


def validate_bot(paths: ProjectPaths) -> list[str]:
    """Run ``rasa data validate``; returns the unexplained warnings, raises on errors."""
    result = subprocess.run(
        [
            str(paths.rasa_bin),
            "data",
            "validate",
            "--domain",
            str(paths.bot / "domain"),
            "--data",
            str(paths.bot / "data"),
            "--config",
            str(paths.bot / "config.yml"),
        ],
        cwd=paths.root,
        env={**os.environ, **paths.rasa_process_env()},
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise RuntimeError(f"rasa data validate failed:\n{output[-3000:]}")
    allowed = explained_warnings(paths.bot)
    questions = form_questions(paths.bot / "domain")
    found = [m.group(1).strip() for m in WARNING.finditer(output)]
    return [w for w in found if w not in allowed and not _form_question(w, questions)]


def _form_question(warning: str, questions: set[str]) -> bool:
    match = UNUSED_UTTERANCE.fullmatch(warning)
    return match is not None and match.group(1) in questions


def conversation_tests(paths: ProjectPaths, model: Path, out_dir: Path) -> None:
    """``rasa test core`` on bot/tests; raises when any prediction is wrong."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            str(paths.rasa_bin),
            "test",
            "core",
            "--model",
            str(model),
            "--stories",
            str(paths.bot / "tests"),
            "--out",
            str(out_dir),
            "--fail-on-prediction-errors",
        ],
        cwd=paths.root,
        env={**os.environ, **paths.rasa_process_env()},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        failed = out_dir / "failed_test_stories.yml"
        detail = failed.read_text() if failed.exists() else (result.stdout + result.stderr)[-3000:]
        raise RuntimeError(f"conversation tests failed:\n{detail}")
