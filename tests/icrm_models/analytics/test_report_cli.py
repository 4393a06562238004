"""``icrm analytics report``: writes the page, prints the KPIs, refuses bad dates clearly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from icrm_models.analytics.views import OUTCOMES_VIEW
from icrm_models.cli.errors import CliError
from icrm_models.cli.main import app
from tests.helpers.paths import REPO
from tests.icrm_models.analytics.test_report import fill


@pytest.fixture
def configured(
    clean_settings_env: None, sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> Engine:
    """The CLI's settings point at a migrated SQLite database holding :func:`fill`'s rows."""
    fill(sqlite_engine)
    monkeypatch.setenv("ICRM_DATABASE_URL", sqlite_engine.url.render_as_string())
    return sqlite_engine


def test_report_command(configured: Engine, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    args = ["analytics", "report", "--since", "2026-11-02", "--until", "2026-11-08"]
    result = CliRunner().invoke(app, [*args, "--out", str(out)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 3_000_000
    assert "containment" in result.output and "37.5 %" in result.output
    assert f"report written to {out}" in result.output.replace("\n", "")
    with configured.connect() as conn:  # the notebook view was (re)created
        outcomes: dict[str, int] = dict(
            conn.execute(
                text(f"SELECT outcome, count(*) FROM {OUTCOMES_VIEW} GROUP BY outcome")
            ).all()
        )
    assert outcomes == {"contained": 3, "handed_off": 3, "abandoned": 2}


def test_an_empty_period_is_no_error(configured: Engine, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    args = ["analytics", "report", "--since", "2025-01-01", "--until", "2025-01-02"]
    result = CliRunner().invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "no conversations between 2025-01-01 and 2025-01-02" in result.output
    assert "No conversations between" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2026-13-01"], "--since '2026-13-01' is not a date YYYY-MM-DD"),
        (["--since", "2026-11-08", "--until", "2026-11-02"], "is before --since"),
    ],
)
def test_bad_dates_are_refused(
    configured: Engine, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["analytics", "report", *args, "--out", str(out)])
    assert isinstance(result.exception, CliError)
    assert message in str(result.exception)
    assert not out.exists()


def test_the_documented_example_runs(configured: Engine) -> None:
    example = REPO / "docs" / "analytics_example.py"
    result = subprocess.run(
        [sys.executable, str(example), "2026-11-02", "2026-11-08"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr
    assert "containment                0.375" in result.stdout
    assert "views: analytics_conversation_outcomes" in result.stdout
