"""Engines and sessions for the customer database; nothing is created at import time.

An embedded SQLite database is private to the account that runs the shop: the file and the
journals SQLite writes beside it are 0600, its folder (the data folder) 0700. SQLite gives its
-wal, -shm and -journal files the mode of the database file, so making the file 0600 before
the first connection covers them as well; existing ones are tightened too.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from icrm_models.private_files import (
    PRIVATE_DIR_MODE,
    PRIVATE_FILE_MODE,
    private_dir,
    private_file,
    tighten,
)

# SQLite waits this long for another process's write lock (Rasa's tracker store and the action
# server share the embedded file) before it gives up with "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 15_000
# the files SQLite keeps beside a database file
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets a private file and folder, WAL and foreign keys."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:" and "uri" not in parsed.query:
            private_sqlite_file(Path(parsed.database))
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        # We ship psycopg 3; a plain postgresql:// URL means it.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def private_sqlite_file(database: Path) -> None:
    """Make ``database`` (created empty if missing), its journals and its folder private.

    The folder is tightened only when it is ours and not a shared one (see
    :mod:`icrm_models.private_files`): keep an embedded database in a folder of its own.
    """
    folder = database.parent
    if folder.exists():
        tighten(folder, PRIVATE_DIR_MODE)
    else:
        private_dir(folder)
    private_file(database)
    for suffix in SQLITE_COMPANIONS:
        tighten(database.with_name(database.name + suffix), PRIVATE_FILE_MODE)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    try:
        cursor.execute("SELECT exp(0)")
    except sqlite3.OperationalError:
        # SQLite builds without the math functions (before 3.35, or compiled without them) lack
        # exp(), which the decayed-activity features use; Python's is the same function.
        dbapi_connection.create_function("exp", 1, math.exp, deterministic=True)
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to ``engine``; objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
