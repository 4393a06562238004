"""Shared fixtures: a throw-away database per test, on SQLite and (where available) PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

from icrm_models.db.engine import make_engine
from icrm_models.db.migrate import upgrade
from tests.helpers.ci import on_ci
from tests.helpers.paths import REPO

POSTGRES_ADMIN_URL = os.environ.get(
    "ICRM_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
E2E_DIR = REPO / "tests" / "e2e"


@pytest.hookimpl(tryfirst=True)  # before pytest's own hook deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/e2e is an ``e2e`` test, so ``pytest -m "not e2e"`` (``make
    unit-quick``) leaves out all that start the real stack, even one that forgot its marker."""
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


def _postgres_admin() -> Engine | None:
    """An engine on the PostgreSQL server, or None when there is none (a failure on CI)."""
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:
        engine.dispose()
        if on_ci():
            pytest.fail(f"CI=true but PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {exc}")
        return None
    return engine


def _require(admin: Engine | None) -> Engine:
    """The server, or a skip that says how to get the PostgreSQL variants to run."""
    if admin is None:
        pytest.skip(
            f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}; start one or set "
            "ICRM_TEST_POSTGRES_URL to run the PostgreSQL variants"
        )
    return admin


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine | None]:
    engine = _postgres_admin()
    yield engine
    if engine is not None:
        engine.dispose()


@pytest.fixture(scope="module")
def postgres_admin_module(postgres_admin: Engine | None) -> Engine:
    """The PostgreSQL server for module-scoped fixtures; skips (or fails on CI) without one."""
    return _require(postgres_admin)


@pytest.fixture
def sqlite_url(tmp_path: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path}/icrm.db"  # type: ignore[operator]


@pytest.fixture
def postgres_url(postgres_admin: Engine | None) -> Iterator[str]:
    """A fresh PostgreSQL database, dropped after the test."""
    admin = _require(postgres_admin)
    name = f"icrm_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """The URL of a throw-away database, once per backend."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated, empty database on each backend."""
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    """A migrated, empty SQLite database (for tests that need only one backend)."""
    engine = make_engine(sqlite_url)
    upgrade(engine)
    yield engine
    engine.dispose()
