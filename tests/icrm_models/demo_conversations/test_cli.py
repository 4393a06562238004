"""``icrm demo conversations`` as a user runs it: without a stack it says so in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from icrm_models.launcher.processes import free_port

ICRM = Path(sys.executable).with_name("icrm")


def test_without_a_running_stack_it_says_how_to_start_one(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "ICRM_DATA_DIR": str(tmp_path),
        "ICRM_RASA_PORT": str(free_port("127.0.0.1")),
        "COLUMNS": "200",
    }
    env.pop("ICRM_DATABASE_URL", None)
    env.pop("ICRM_CONSOLE_URL", None)
    result = subprocess.run(
        [str(ICRM), "demo", "conversations", "--n", "3"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "no Rasa server at http://127.0.0.1:" in result.stderr
    assert "icrm up" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_has_help(tmp_path: Path) -> None:
    env = {**os.environ, "ICRM_DATA_DIR": str(tmp_path), "COLUMNS": "200"}
    result = subprocess.run(
        [str(ICRM), "demo", "conversations", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "--n" in result.stdout and "--seed" in result.stdout
