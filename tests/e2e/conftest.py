"""The real stack for end-to-end tests: Rasa server, action server and web shop on free ports.

Nothing is mocked: Rasa 3.6 runs from .venv-rasa with the trained model (cached in var/models by
content hash, shared with `make demo`), the action server from .venv, on a seeded SQLite file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from icrm_models.db.engine import make_engine
from icrm_models.identity import sign_identity
from icrm_models.launcher.paths import ProjectPaths
from icrm_models.launcher.stack import RunningStack, start_stack
from icrm_models.seed.run import seed
from icrm_models.seed.synthetic import SeedConfig
from icrm_models.settings import Settings

SECRET = "e2e-identity-secret-" + "e" * 32


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    paths = ProjectPaths.discover()
    if not paths.rasa_bin.exists():
        _skip_or_fail(f"{paths.rasa_bin} missing: run `make setup` to install the Rasa runtime")
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


def client_key_for(sender: str) -> str:
    """The widget's client key in conversation ``sender`` (one per conversation, like a tab's:
    the verification limits count per client)."""
    return f"e2e-widget-client-key-{sender}"


def token_for(customer_id: int, sender: str) -> str:
    """The shop's identity token for ``customer_id`` in conversation ``sender``."""
    return sign_identity(customer_id, SECRET.encode(), session_id=sender)


def widget_metadata(sender: str, customer: int | None) -> dict[str, Any]:
    """What the widget sends with each message: its client key, and the token when logged in."""
    metadata: dict[str, Any] = {"client_key": client_key_for(sender)}
    if customer is not None:
        metadata["identity_token"] = token_for(customer, sender)
    return metadata


@pytest.fixture(scope="session")
def database_file(stack: RunningStack) -> Path:
    return Path(stack.group.log_dir).parent / "icrm.db"
