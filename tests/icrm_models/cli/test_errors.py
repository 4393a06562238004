"""``run_guarded``: one line per error; ICRM_DEBUG (a setting) adds the traceback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from icrm_models.cli.errors import debug_enabled, run_guarded


def fail() -> None:
    raise ValueError("no such file: x.csv")


@pytest.fixture(autouse=True)
def no_debug(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ICRM_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env file


def test_an_error_is_one_line_and_says_how_to_see_more(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(SystemExit) as stopped:
        run_guarded(fail)
    assert stopped.value.code == 1
    assert capsys.readouterr().err.splitlines() == [
        "error: no such file: x.csv",
        "(set ICRM_DEBUG=1 for the full traceback)",
    ]
    assert not caplog.records


def test_icrm_debug_logs_the_traceback(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("ICRM_DEBUG", "1")
    assert debug_enabled()
    with caplog.at_level(logging.ERROR, logger="icrm"), pytest.raises(SystemExit):
        run_guarded(fail)
    assert capsys.readouterr().err.splitlines() == ["error: no such file: x.csv"]
    assert caplog.records[0].exc_info is not None


def test_refused_settings_are_reported_without_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICRM_DEBUG", "1")
    monkeypatch.setenv("ICRM_ENVIRONMENT", "staging")
    assert not debug_enabled()  # the error being reported is the refusal itself
