"""Settings that used to be read from the environment elsewhere, or hard-coded (issue 17, item
6): the ports, the start-up timeouts, the log level, ICRM_DEBUG, the checkout and the encoder."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from icrm_models.runtime.paths import ProjectPaths
from icrm_models.settings import Settings

pytestmark = pytest.mark.usefixtures("clean_settings_env")


def test_ports_and_timeouts_default_to_the_values_they_had() -> None:
    settings = Settings()
    assert (settings.rasa_port, settings.action_server_port, settings.web_port) == (
        5005,
        5055,
        8000,
    )
    assert (settings.start_timeout_s, settings.rasa_start_timeout_s) == (60.0, 240.0)


def test_ports_and_timeouts_are_read_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICRM_RASA_PORT", "6005")
    monkeypatch.setenv("ICRM_ACTION_SERVER_PORT", "6055")
    monkeypatch.setenv("ICRM_WEB_PORT", "9000")
    monkeypatch.setenv("ICRM_RASA_START_TIMEOUT_S", "600")
    settings = Settings()
    assert (settings.rasa_port, settings.action_server_port, settings.web_port) == (
        6005,
        6055,
        9000,
    )
    assert settings.rasa_start_timeout_s == 600.0
    for name, bad in (("ICRM_WEB_PORT", "70000"), ("ICRM_START_TIMEOUT_S", "0")):
        monkeypatch.setenv(name, bad)
        with pytest.raises(ValidationError, match=name.removeprefix("ICRM_").lower()):
            Settings()
        monkeypatch.delenv(name)


def test_the_log_level_is_info_unless_set_in_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().log_level == "INFO"
    monkeypatch.setenv("ICRM_LOG_LEVEL", " debug ")
    assert Settings().log_level == "DEBUG"
    monkeypatch.setenv("ICRM_LOG_LEVEL", "chatty")
    with pytest.raises(ValidationError, match="log_level"):
        Settings()


def test_debug_is_off_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().debug is False
    monkeypatch.setenv("ICRM_DEBUG", "1")
    assert Settings().debug is True
    monkeypatch.setenv("ICRM_DEBUG", "0")
    assert Settings().debug is False


def test_the_checkout_is_this_one_unless_icrm_project_root_says(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    here = ProjectPaths.discover()
    assert (here.root / "bot" / "config.yml").exists()
    assert here.encoder_dir == here.root / "var" / "encoders" / "minilm-onnx"
    monkeypatch.setenv("ICRM_PROJECT_ROOT", "")  # empty: not set
    assert ProjectPaths.discover().root == here.root
    monkeypatch.setenv("ICRM_PROJECT_ROOT", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="set ICRM_PROJECT_ROOT"):
        ProjectPaths.discover()
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "config.yml").write_text("")
    assert ProjectPaths.discover().root == tmp_path
    assert ProjectPaths.discover(Settings(project_root=None)).root == here.root


def test_the_onnx_encoder_dir_is_a_setting_handed_on_to_rasa(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ICRM_ONNX_ENCODER_DIR", str(tmp_path / "encoder"))
    paths = ProjectPaths.discover()
    assert paths.encoder_dir == tmp_path / "encoder"
    assert paths.rasa_process_env()["ICRM_ONNX_ENCODER_DIR"] == str(tmp_path / "encoder")
    assert ProjectPaths(paths.root).encoder_dir == paths.root / "var" / "encoders" / "minilm-onnx"
