"""``icrm nlu suggest`` on analytics rows: the real encoder, the bot's data, a file under var/."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine
from typer.testing import CliRunner

from icrm_models.cli.main import app
from tests.icrm_models.analytics.test_suggest_messages import DAY, Line, conversation

GIFT_WRAP = [
    "can you gift wrap my order",
    "do you offer gift wrapping",
    "is gift wrapping available for this order",
    "i want this wrapped as a gift",
    "could the parcel be gift wrapped please",
    "gift wrap option?",
    "can you wrap it as a present for my sister",
    "how much is gift wrapping",
]
WHERE_IS_MY_ORDER = [
    "where is my order",
    "where's my order 10023",
    "track my order please",
    "my order hasn't arrived, where is it",
    "track order 10441",
    "has my order shipped yet",
    "where is my parcel",
]


@pytest.fixture
def configured(
    clean_settings_env: None, sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> Engine:
    """The CLI's settings point at a migrated SQLite database with not-understood messages."""
    for n, text in enumerate(GIFT_WRAP):
        conversation(
            sqlite_engine,
            [Line("hi", "greet", 0.99), Line(text, "nlu_fallback", 0.3, fallback=True)],
            start=DAY + timedelta(hours=n),
        )
    for n, text in enumerate(WHERE_IS_MY_ORDER):
        conversation(
            sqlite_engine,
            [Line(text, "track_order", 0.5), Line("sure thing", "affirm", 0.99)],
            start=DAY + timedelta(days=1, hours=n),
        )
    conversation(  # before --since: must not be read
        sqlite_engine,
        [Line("do you sell skateboards", "nlu_fallback", 0.2, fallback=True)],
        start=DAY - timedelta(days=5),
    )
    monkeypatch.setenv("ICRM_DATABASE_URL", sqlite_engine.url.render_as_string())
    return sqlite_engine


def test_suggest_writes_reviewable_proposals(configured: Engine, tmp_path: Path) -> None:
    out = tmp_path / "var" / "suggestions.yml"
    args = ["nlu", "suggest", "--since", "2026-12-01", "--out", str(out)]
    args += ["--min-cluster-size", "5", "--reference-per-intent", "25"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "15 messages not understood (8 fallback, 7 low_confidence)" in result.output
    assert "proposals written to" in result.output
    content = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert content["version"] == "3.1"
    blocks = {b["intent"]: b["examples"] for b in content["nlu"]}
    new = [name for name in blocks if name.startswith("new_")]
    assert len(new) == 1 and "gift" in new[0]
    assert {line[2:] for line in blocks[new[0]].splitlines()} <= set(GIFT_WRAP)
    assert "track_order" in blocks
    assert {line[2:] for line in blocks["track_order"].splitlines()} <= set(WHERE_IS_MY_ORDER)
    assert "skateboards" not in out.read_text(encoding="utf-8")
    assert "candidate new intent (nearest:" in out.read_text(encoding="utf-8")
    assert "NEW" in result.output and "existing" in result.output


def test_nothing_to_cluster_is_a_clear_error(configured: Engine, tmp_path: Path) -> None:
    out = tmp_path / "suggestions.yml"
    result = CliRunner().invoke(app, ["nlu", "suggest", "--since", "2027-01-01", "--out", str(out)])
    assert result.exit_code != 0
    assert "no customer messages the bot did not understand since 2027-01-01" in str(
        result.exception
    )
    assert not out.exists()


def test_a_bad_date_is_refused(configured: Engine) -> None:
    result = CliRunner().invoke(app, ["nlu", "suggest", "--since", "yesterday"])
    assert "--since 'yesterday' is not a date YYYY-MM-DD" in str(result.exception)
