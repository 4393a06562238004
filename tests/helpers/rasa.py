"""Runs a check script inside the Rasa runtime (.venv-rasa) and returns the JSON it printed last.

Our custom Rasa components import Rasa, which lives only in the Python 3.10 runtime; the pytest
side starts the script there and asserts on what it reports.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from icrm_models.runtime.paths import ProjectPaths
from tests.helpers.ci import skip_or_fail


def run_in_rasa(
    script: Path, *args: str, env: dict[str, str] | None = None, timeout: int = 300
) -> dict[str, Any]:
    """Run ``script`` with the Rasa runtime's Python; skip (fail on CI) when it is missing."""
    paths = ProjectPaths.discover()
    if not paths.rasa_python.exists():
        skip_or_fail(f"{paths.rasa_python} missing: run `make setup` to install the Rasa runtime")
    done = subprocess.run(
        [str(paths.rasa_python), str(script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=paths.root,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
