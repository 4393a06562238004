"""The real stack for end-to-end tests: Rasa server, action server and web shop on free ports.

Nothing is mocked: Rasa 3.6 runs from .venv-rasa with the trained model (cached in var/models by
content hash, shared with `make demo`), the action server from .venv, on a seeded SQLite file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from icrm_models.db.engine import make_engine
from icrm_models.launcher.stack import RunningStack, start_stack
from icrm_models.runtime.paths import ProjectPaths
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import seed
from icrm_models.settings import Settings
from tests.helpers.ci import skip_or_fail
from tests.helpers.stack import SECRET


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    paths = ProjectPaths.discover()
    if not paths.rasa_bin.exists():
        skip_or_fail(f"{paths.rasa_bin} missing: run `make setup` to install the Rasa runtime")
    data_dir = tmp_path_factory.mktemp("stack")
    settings = Settings(
        data_dir=data_dir,
        models_dir=paths.root / "var" / "models",
        identity_secret=SECRET,
        rasa_token="e2e-rasa-token-" + "r" * 32,
        rasa_api_enabled=True,  # the tests read trackers through it
    )
    engine = make_engine(settings.resolved_database_url)
    seed(engine, SeedConfig(customers=40))
    engine.dispose()
    running = start_stack(settings, paths, say=lambda _msg: None)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def database_file(stack: RunningStack) -> Path:
    return Path(stack.group.log_dir).parent / "icrm.db"


@pytest.fixture
def db(database_file: Path) -> Iterator[sqlite3.Connection]:
    """A connection to the stack's shop database, to check what a conversation changed."""
    with closing(sqlite3.connect(database_file)) as conn:
        yield conn
