"""The analytics scale benchmark: its generator writes what Rasa writes, its smoke run works.

The full benchmark (1,000,000 turns) is run by hand; here ``--turns 2000`` runs the same code
end to end (generation, the ingest and the report each in a child process, the table, the
JSON), and the generator is checked against the captured templates it replays.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from icrm_models.db.engine import make_engine
from icrm_models.db.tables.analytics import AnalyticsReject, AnalyticsTurn
from icrm_models.privacy.tracker_store import EVENTS
from tests.helpers.rasa_events import bot, said, session_start, slot

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import analytics_scale  # noqa: E402
import analytics_scale_data  # noqa: E402

TEMPLATE = [
    {"event": "action", "name": "action_session_start", "timestamp": 100.0},
    session_start(100.1),
    said("where is my order 10023? I am ann@example.com", 101.0, intent="track_order"),
    slot("order_id", "10023", 101.1),
    bot("Order 10023 is in transit.", 101.2),
    said("thanks", 102.0, intent="thank"),
    bot("You're welcome!", 102.1),
]


@pytest.fixture
def events_engine(sqlite_url: str) -> Iterator[Engine]:
    """An empty database: the generator creates Rasa's ``events`` table itself."""
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


def test_the_generator_replays_templates_as_new_interleaved_conversations(
    events_engine: Engine,
) -> None:
    written = analytics_scale_data.write_events(
        events_engine, 1000, seed=3, templates=[TEMPLATE], live=8
    )
    assert written == {"turns": 1000, "events": 250 * len(TEMPLATE), "conversations": 250}
    with events_engine.connect() as connection:
        rows = connection.execute(select(EVENTS).order_by(EVENTS.c.id)).all()
    assert len(rows) == written["events"]
    per_sender = Counter(r.sender_id for r in rows)
    assert len(per_sender) == 250 and set(per_sender.values()) == {len(TEMPLATE)}
    # interleaved: the first conversation is not written in one piece
    first = [i for i, r in enumerate(rows) if r.sender_id == rows[0].sender_id]
    assert first[-1] - first[0] > len(TEMPLATE)
    for row in rows[:200]:
        data = json.loads(row.data)
        assert row.type_name == data["event"]
        assert row.timestamp == data["timestamp"] >= analytics_scale_data.START
        if data["event"] == "user":
            assert row.intent_name == data["parse_data"]["intent"]["name"]
            assert "ann@example.com" not in data["text"]  # another customer each time
            assert data["parse_data"]["text"] == data["text"]
    with pytest.raises(ValueError, match="at least 1"):
        analytics_scale_data.write_events(events_engine, 0, templates=[TEMPLATE])


def test_the_captured_templates_are_real_rasa_conversations() -> None:
    templates = analytics_scale_data.load_templates()
    kinds = Counter(e["event"] for t in templates for e in t)
    assert {"user", "bot", "action", "slot", "active_loop", "session_started"} <= set(kinds)
    assert kinds["pause"] and kinds["resume"]  # handoffs an agent answered
    agents = [e for t in templates for e in t if (e.get("metadata") or {}).get("agent")]
    assert agents


def test_a_goal_is_met_only_on_the_right_side() -> None:
    fast = analytics_scale.Goal("ingest speed", 6000, 5000, True, "turns/s")
    slow = analytics_scale.Goal("report time", 61, 60, False, "s")
    assert fast.met and fast.row()[3] == "yes"
    assert not slow.met and slow.row()[3] == "NO"


def test_a_small_run_measures_everything_and_ingests_every_turn(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/bench.db"
    results = tmp_path / "scale.json"
    out = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "analytics_scale.py"),
            "--turns",
            "2000",
            "--database-url",
            url,
            "--results",
            str(results),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    lines = [line for line in out.stdout.splitlines() if line.startswith("| ")]
    assert [line.split("|")[1].strip() for line in lines] == [
        "measure",
        "ingest speed",
        "ingest peak memory",
        "report time",
        "report peak memory",
    ]
    figures = json.loads(results.read_text())
    generated = figures["figures"]["generated"]["turns"]
    assert generated >= 2000
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            turns = connection.scalar(select(func.count()).select_from(AnalyticsTurn))
            rejects = connection.scalar(select(func.count()).select_from(AnalyticsReject))
    finally:
        engine.dispose()
    assert turns == generated
    assert rejects == 0
    assert figures["figures"]["report"]["html_mb"] > 0
