"""The embedded database is private: 0600 files (journals included) in a 0700 data folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy import text

from icrm_models.db.engine import make_engine
from icrm_models.db.migrate import upgrade


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_journals_are_private(tmp_path: Path) -> None:
    data = tmp_path / "var"
    engine = make_engine(f"sqlite:///{data}/icrm.db")
    upgrade(engine)
    with engine.connect() as conn:  # WAL: the -wal and -shm files exist while connected
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
        conn.commit()
        files = {p.name: mode(p) for p in data.iterdir()}
    engine.dispose()
    assert mode(data) == 0o700
    assert files == {"icrm.db": 0o600, "icrm.db-wal": 0o600, "icrm.db-shm": 0o600}


def test_a_world_readable_database_from_before_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "var"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    for name in ("icrm.db", "icrm.db-wal", "icrm.db-journal"):
        (data / name).touch()
        os.chmod(data / name, 0o644)
    make_engine(f"sqlite:///{data}/icrm.db").dispose()
    assert mode(data) == 0o700
    assert {p.name: mode(p) for p in data.iterdir()} == {
        "icrm.db": 0o600,
        "icrm.db-wal": 0o600,
        "icrm.db-journal": 0o600,
    }


def test_a_shared_sticky_folder_is_left_alone(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    make_engine(f"sqlite:///{shared}/icrm.db").dispose()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert mode(shared / "icrm.db") == 0o600
