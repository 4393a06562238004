"""The live chat's settings (issue 18): the secret Rasa's live route and the agents' console
share, where the console answers, and what the launcher hands Rasa of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from icrm_models.launcher.stack import rasa_server_env
from icrm_models.runtime.paths import ProjectPaths
from icrm_models.settings import Settings

WEB = "http://127.0.0.1:8000"
GOOD = "Jx4sP0_q9ZkLw2Vb7NtR3yHc8mUe5aDf1GiKo6Qr"


def test_the_live_token_is_generated_once_and_kept(tmp_path: Path) -> None:
    first = Settings(data_dir=tmp_path).live_api_token
    assert len(first) >= 32
    assert Settings(data_dir=tmp_path).live_api_token == first  # the same after a restart
    assert (tmp_path / "live.secret").stat().st_mode & 0o077 == 0


def test_a_configured_live_token_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ICRM_LIVE_TOKEN", GOOD)
    assert Settings(data_dir=tmp_path).live_api_token == GOOD
    assert not (tmp_path / "live.secret").exists()


@pytest.mark.parametrize("value", ["short", GOOD + " with space", GOOD + "\n"])
def test_a_live_token_too_short_or_unfit_for_a_header_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("ICRM_LIVE_TOKEN", value)
    with pytest.raises(ValidationError) as refused:
        Settings()
    assert value not in str(refused.value)  # a secret is never shown


def test_the_console_url_and_port(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().console_port == 8001 and Settings().console_url is None
    monkeypatch.setenv("ICRM_CONSOLE_URL", "https://Agents.Shop.example/")
    monkeypatch.setenv("ICRM_CONSOLE_PORT", "9001")
    settings = Settings()
    assert (settings.console_url, settings.console_port) == ("https://agents.shop.example", 9001)
    monkeypatch.setenv("ICRM_CONSOLE_URL", "ftp://agents")
    with pytest.raises(ValidationError, match="console_url"):
        Settings()


def test_rasa_gets_the_live_token_and_the_console_it_tells(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    env = rasa_server_env(
        settings,
        action_url="http://a",
        web_url=WEB,
        paths=ProjectPaths.discover(),
        console_url="http://127.0.0.1:8001",
    )
    assert env["ICRM_LIVE_TOKEN"] == settings.live_api_token
    assert env["ICRM_CONSOLE_URL"] == "http://127.0.0.1:8001"


def test_a_configured_console_url_is_the_one_rasa_tells(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, console_url="https://agents.shop.example")
    env = rasa_server_env(
        settings,
        action_url="http://a",
        web_url=WEB,
        paths=ProjectPaths.discover(),
        console_url="http://127.0.0.1:8001",
    )
    assert env["ICRM_CONSOLE_URL"] == "https://agents.shop.example"
