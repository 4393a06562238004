"""Rasa's API token never appears on a command line (issue 15, finding 5)."""

from __future__ import annotations

import argparse
from pathlib import Path
from types import ModuleType

import pytest

from icrm_models.launcher.stack import rasa_run_command
from icrm_models.runtime.paths import ProjectPaths
from tests.helpers.modules import module_at

TOKEN = "--secret-token-that-looks-like-an-option"


def _wrapper() -> ModuleType:
    return module_at(ProjectPaths.discover().root / "rasa_runtime" / "run_rasa.py", "run_rasa")


def test_the_command_line_carries_no_token() -> None:
    command = rasa_run_command(
        ProjectPaths.discover(), Path("models/m.tar.gz"), "127.0.0.1", 5005, cors_origins=["*"]
    )
    assert not any("auth-token" in part for part in command)
    assert command[1].endswith("rasa_runtime/run_rasa.py") and command[2] == "run"


@pytest.mark.parametrize("token", ["plain-token", "-starts-with-a-dash", TOKEN])
def test_the_wrapper_takes_the_token_from_the_environment(token: str) -> None:
    """Rasa parses its command line with argparse: parse what the wrapper hands it the same way."""
    environ = {"ICRM_RASA_TOKEN": token, "OTHER": "x"}
    arguments = _wrapper().rasa_arguments(["run", "--port", "5005"], environ)
    parser = argparse.ArgumentParser()
    parser.add_argument("-t", "--auth-token")
    parser.add_argument("-p", "--port", type=int)
    parser.add_argument("--enable-api", action="store_true")
    parsed, _ = parser.parse_known_args(arguments[1:])
    assert parsed.auth_token == token and parsed.port == 5005 and parsed.enable_api
    assert environ == {"OTHER": "x"}  # no child of Rasa inherits the token


def test_without_a_token_the_api_stays_off() -> None:
    arguments = _wrapper().rasa_arguments(["run", "--enable-api", "--auth-token=old"], {})
    assert arguments == ["run"]


def test_rasa_gets_its_api_token_only_when_the_api_is_enabled(tmp_path: Path) -> None:
    from icrm_models.launcher.stack import rasa_server_env
    from icrm_models.settings import Settings

    paths = ProjectPaths.discover()
    web = "http://127.0.0.1:8000"
    off = rasa_server_env(
        Settings(data_dir=tmp_path), action_url="http://a", web_url=web, paths=paths
    )
    on = rasa_server_env(
        Settings(data_dir=tmp_path, rasa_api_enabled=True),
        action_url="http://a",
        web_url=web,
        paths=paths,
    )
    assert "ICRM_RASA_TOKEN" not in off
    assert on["ICRM_RASA_TOKEN"] == Settings(data_dir=tmp_path).rasa_api_token
    assert off["ICRM_ACTION_SERVER_TOKEN"] == Settings(data_dir=tmp_path).action_server_api_token
    # Rasa's CORS and socket check accept the shop's page only, never "*".
    assert off["ICRM_ALLOWED_ORIGINS"] == "http://127.0.0.1:8000,http://localhost:8000"
