"""The command that starts Rasa takes any API token, however it begins."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from icrm_models.launcher.paths import ProjectPaths
from icrm_models.launcher.stack import rasa_run_command


@pytest.mark.parametrize("token", ["plain-token", "-starts-with-a-dash", "--looks-like-an-option"])
def test_the_token_survives_argparse_whatever_it_starts_with(token: str) -> None:
    """Rasa parses its command line with argparse: parse ours the same way."""
    command = rasa_run_command(
        ProjectPaths.discover(), Path("models/m.tar.gz"), "127.0.0.1", 5005, token
    )
    parser = argparse.ArgumentParser()
    parser.add_argument("-t", "--auth-token")
    parser.add_argument("-p", "--port", type=int)
    parsed, _ = parser.parse_known_args(command[2:])
    assert parsed.auth_token == token and parsed.port == 5005
