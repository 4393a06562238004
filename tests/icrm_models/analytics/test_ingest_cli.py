"""``icrm analytics ingest`` as a user runs it: one table of what it did, errors in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from icrm_models.db.engine import make_engine
from icrm_models.db.migrate import upgrade
from tests.helpers.rasa_events import RASA_EVENTS, bot, said, session_start, store_conversation

ICRM = Path(sys.executable).with_name("icrm")
T0 = 1_795_000_000.0


def icrm(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "ICRM_DATA_DIR": str(data_dir), "COLUMNS": "120", **env}
    for name in ("ICRM_DATABASE_URL", "ICRM_EVENT_BROKER_URL"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [str(ICRM), *args], capture_output=True, text=True, env=environment, timeout=300
    )


def test_ingest_prints_what_it_did_and_a_second_run_finds_nothing_new(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'icrm.db'}")
    upgrade(engine)
    RASA_EVENTS.create(engine)
    with Session(engine) as db:
        events = [session_start(T0), said("hi", T0 + 1, intent="greet"), bot("Hello!", T0 + 2)]
        store_conversation(db, "conv-1", [*events, {"event": "teleport", "timestamp": T0 + 3}])
    engine.dispose()
    first = icrm("analytics", "ingest", "--batch", "2", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    lines = {line.strip("│ ").split("│")[0].strip(): line for line in first.stdout.splitlines()}
    assert lines["events read"].split()[-2] == "4"
    assert lines["turns written"].split()[-2] == "2"
    assert lines["rejected (see analytics_rejects)"].split()[-2] == "1"
    second = icrm("analytics", "ingest", data_dir=tmp_path)
    assert second.returncode == 0, second.stderr
    rows = {line.strip("│ ").split("│")[0].strip(): line for line in second.stdout.splitlines()}
    assert rows["turns written"].split()[-2] == "0" and rows["stored"].split()[-2] == "0"


def test_errors_are_one_clear_line(tmp_path: Path) -> None:
    no_broker = icrm("analytics", "ingest", "--source", "rabbitmq", data_dir=tmp_path)
    assert no_broker.returncode == 1
    assert no_broker.stderr.splitlines()[0] == (
        "error: no event broker: set ICRM_EVENT_BROKER_URL=amqp://user:password@host:5672/"
    )
    unreachable = icrm(
        "analytics", "ingest", "--source", "rabbitmq", data_dir=tmp_path,
        ICRM_EVENT_BROKER_URL="amqp://guest:s3cret@127.0.0.1:1/",
    )  # fmt: skip
    assert unreachable.returncode == 1
    first_line = unreachable.stderr.splitlines()[0]
    assert first_line.startswith("error: cannot use the event broker at 127.0.0.1:1")
    assert "s3cret" not in unreachable.stderr
    bad_batch = icrm("analytics", "ingest", "--batch", "0", data_dir=tmp_path)
    assert bad_batch.returncode == 2 and "--batch" in bad_batch.stderr
