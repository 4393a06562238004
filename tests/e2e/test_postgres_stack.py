"""The scale-out path: the whole stack on PostgreSQL (shop data and Rasa's tracker store)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import Engine, text

from icrm_models.db.engine import make_engine
from icrm_models.launcher.stack import RunningStack, start_stack
from icrm_models.runtime.paths import ProjectPaths
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import seed
from icrm_models.settings import Settings
from tests.helpers.ci import skip_or_fail
from tests.helpers.stack import SECRET, widget_metadata

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


@pytest.fixture(scope="module")
def pg_stack(
    tmp_path_factory: pytest.TempPathFactory, postgres_admin_module: Engine
) -> Iterator[tuple[RunningStack, str]]:
    paths = ProjectPaths.discover()
    if not paths.rasa_bin.exists():
        skip_or_fail(f"{paths.rasa_bin} missing: run `make setup`")
    admin = postgres_admin_module
    name = f"icrm_e2e_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    seed(engine, SeedConfig(customers=20))
    engine.dispose()
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("pg-stack"),
        database_url=url,
        models_dir=paths.root / "var" / "models",
        identity_secret=SECRET,
    )
    running = start_stack(settings, paths, say=lambda _msg: None)
    yield running, url
    running.stop()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_an_order_turn_on_postgres_lands_in_its_tracker_store(
    pg_stack: tuple[RunningStack, str],
) -> None:
    stack, url = pg_stack
    sender = f"pg-{uuid.uuid4().hex[:8]}"
    response = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        timeout=60,
        json={
            "sender": sender,
            "message": "where is my order 10023?",
            "metadata": widget_metadata(sender, 1),
        },
    )
    assert response.json()[0]["text"].startswith("Order 10023 (")
    engine = make_engine(url)
    with engine.connect() as conn:
        actions = (
            conn.execute(
                text(
                    "select action_name from events where sender_id = :s and type_name = 'action'"
                ),
                {"s": sender},
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert "action_track_order" in actions
