"""``icrm nlu evaluate``: one clear line for bad input, and the whole flow with a stub NLU."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from icrm_models.cli import nlu_cmds
from icrm_models.nlu.predict import Prediction
from icrm_models.runtime.paths import ProjectPaths

ICRM = Path(sys.executable).with_name("icrm")


def icrm(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a user does."""
    env = {**os.environ, "ICRM_DATA_DIR": str(data_dir), "COLUMNS": "120"}
    return subprocess.run(
        [str(ICRM), *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_bad_input_is_one_clear_line_before_any_work(tmp_path: Path) -> None:
    columns = tmp_path / "columns.csv"
    columns.write_text("message,intent\nhi,greet\n")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    folder = tmp_path / "folder"
    folder.mkdir()
    cases = [
        (tmp_path / "nope.csv", "does not exist"),
        (columns, "needs the columns text,intent; missing: text (found: message, intent)"),
        (empty, "is empty: expected a header line text,intent"),
        (folder, "is a folder without .csv files"),
    ]
    for path, message in cases:
        result = icrm("nlu", "evaluate", "--data", str(path), data_dir=tmp_path)
        assert result.returncode == 1, result.stdout
        first = result.stderr.splitlines()[0]
        assert first == f"error: {path} {message}" or first == f"error: {path}, {message}"
        assert "Traceback" not in result.stderr


def test_help_names_the_blind_set_as_the_default(tmp_path: Path) -> None:
    result = icrm("nlu", "evaluate", "--help", data_dir=tmp_path)
    assert result.returncode == 0
    assert "tests/data/nlu_blind/" in result.stdout


def _stub_nlu(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[list[str]]:
    """Replace training and parsing: every message is read as track_order, then nlu_fallback."""
    parsed: list[list[str]] = []

    def predict(paths: ProjectPaths, model: Path, texts: list[str]) -> list[Prediction]:
        parsed.append(texts)
        ranking = [{"name": "track_order", "confidence": 0.6}, {"name": "greet", "confidence": 0.1}]
        return [
            Prediction("track_order", 0.6, ranking, [], 1.0)
            if i % 2 == 0
            else Prediction("nlu_fallback", 0.45, [{"name": "nlu_fallback"}, *ranking], [], 1.0)
            for i in range(len(texts))
        ]

    model = tmp_path / "bot-test.tar.gz"
    model.write_bytes(b"")
    monkeypatch.setenv("ICRM_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(ProjectPaths, "require_runtimes", lambda self: None)
    monkeypatch.setattr(nlu_cmds, "train_if_changed", lambda *a, **k: (model, False))
    monkeypatch.setattr(nlu_cmds, "predict", predict)
    monkeypatch.setattr(nlu_cmds, "model_intents", lambda m: {"track_order", "greet"})
    return parsed


def test_a_shop_csv_end_to_end(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    parsed = _stub_nlu(monkeypatch, tmp_path)
    data = tmp_path / "chats.csv"
    data.write_text("text,intent,register\nwhere is 10023,track_order,keywords\nhi,greet,polite\n")
    out, markdown = tmp_path / "out.json", tmp_path / "tables.md"
    args = ["evaluate", "--data", str(data), "--out", str(out), "--markdown", str(markdown)]
    result = CliRunner().invoke(nlu_cmds.nlu_app, args)
    assert result.exit_code == 0, result.output
    assert parsed == [["where is 10023", "hi"]]
    report = json.loads(out.read_text())
    assert report["scores"]["accuracy"] == 0.5
    assert report["fallback_rate"] == 0.5 and report["accuracy_without_fallback"] == 0.5
    assert report["top_k_accuracy"] == 1.0  # "hi": greet is second once the fallback is removed
    assert [r["register"] for r in report["per_register"]] == ["keywords", "polite"]
    second = report["predictions"][1]
    assert (second["intent"], second["predicted"], second["register"]) == (
        "greet",
        "nlu_fallback",
        "polite",
    )
    assert report["predictions"][1]["ranking"][0]["name"] == "nlu_fallback"
    assert report["files"] == ["chats.csv"]
    assert "| polite | 1 | 0.000 | 1.000 | 0.000 |" in markdown.read_text()


def test_no_data_means_the_blind_set(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    parsed = _stub_nlu(monkeypatch, tmp_path)
    result = CliRunner().invoke(nlu_cmds.nlu_app, ["evaluate"])
    assert result.exit_code == 0, result.output
    assert len(parsed[0]) == 3600
    report = json.loads((tmp_path / "results" / "nlu-nlu_blind.json").read_text())
    assert report["files"] == ["writer_a.csv", "writer_b.csv", "writer_c.csv"]
    assert len(report["per_register"]) == 12 and len(report["per_intent"]) == 30
