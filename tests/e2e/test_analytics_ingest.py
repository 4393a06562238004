"""The analytics ingest on real conversations: Rasa 3.6 with the trained model, the action
server and the database, talked to over REST; then the ingest, from the tracker store and from
Rasa's RabbitMQ event broker (the same rows, the same keys)."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pika
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from icrm_models.analytics.broker_source import ingest_broker
from icrm_models.analytics.tracker_source import ingest_tracker_store
from icrm_models.db.engine import make_engine
from icrm_models.db.migrate import upgrade
from icrm_models.db.tables.analytics import AnalyticsConversation, AnalyticsFormStep, AnalyticsTurn
from icrm_models.launcher.stack import RunningStack, start_stack
from icrm_models.runtime.paths import ProjectPaths
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import seed
from icrm_models.settings import Settings
from tests.helpers.ci import skip_or_fail
from tests.helpers.stack import SECRET, new_sender, say

pytestmark = pytest.mark.e2e

BROKER_URL = "amqp://guest:guest@127.0.0.1:5672/"
EMAIL = "someone.else@example.org"
CUSTOMER = 1  # owns order 10023 in the seeded shop (tests/e2e/test_journeys.py)


def _talk(stack: RunningStack, sender: str) -> None:
    """A logged-in customer asks for an order, then for a person, and types an e-mail while
    waiting (the paused bot stays silent; Rasa still records the message)."""
    assert say(stack, sender, "where is my order 10023?", CUSTOMER)
    assert say(stack, sender, "let me talk to a human", CUSTOMER)
    say(stack, sender, f"you can also write to {EMAIL}", CUSTOMER)


def _rows(engine: Engine, sender: str) -> dict[str, list[tuple[Any, ...]]]:
    """The analytics rows of conversation ``sender`` (no row ids, no tracker-store ids)."""
    with Session(engine) as session:
        turns = session.execute(
            select(
                AnalyticsTurn.event_key,
                AnalyticsTurn.at,
                AnalyticsTurn.actor,
                AnalyticsTurn.text,
                AnalyticsTurn.intent,
                AnalyticsTurn.confidence,
                AnalyticsTurn.action,
                AnalyticsTurn.form,
            )
            .where(AnalyticsTurn.conversation_id == sender)
            .order_by(AnalyticsTurn.at)
        ).all()
        steps = session.execute(
            select(AnalyticsFormStep.event_key, AnalyticsFormStep.form, AnalyticsFormStep.step)
            .where(AnalyticsFormStep.conversation_id == sender)
            .order_by(AnalyticsFormStep.at)
        ).all()
        conversations = session.execute(
            select(
                AnalyticsConversation.session_key,
                AnalyticsConversation.customer_id,
                AnalyticsConversation.customer_turns,
                AnalyticsConversation.bot_turns,
                AnalyticsConversation.handoff_reason,
                AnalyticsConversation.handoff_at.is_not(None),
            ).where(AnalyticsConversation.conversation_id == sender)
        ).all()
    return {
        "turns": [tuple(r) for r in turns],
        "steps": [tuple(r) for r in steps],
        "conversations": [tuple(r) for r in conversations],
    }


def test_a_real_conversation_lands_redacted_in_the_analytics(
    stack: RunningStack, database_file: Path
) -> None:
    sender = new_sender("analytics")
    _talk(stack, sender)
    engine = make_engine(f"sqlite:///{database_file}")
    first = ingest_tracker_store(engine)
    assert first.rejected == 0 and first.turns >= 5
    rows = _rows(engine, sender)
    print(rows)  # shown when an assertion below fails
    ((_key, customer, said, answered, reason, handed_off),) = rows["conversations"]
    assert (customer, said, reason, handed_off) == (CUSTOMER, 3, "asked", True)
    assert answered == 2  # the order, the handoff; paused, the bot says nothing more
    assert [step[1:] for step in rows["steps"]] == [
        ("order_lookup_form", "started"),
        ("order_lookup_form", "slot"),  # the order number came with the first message
        ("order_lookup_form", "completed"),
    ]
    customer_turns = [t for t in rows["turns"] if t[2] == "customer"]
    assert [t[4] for t in customer_turns][1] == "contact_human_agent"
    assert all(isinstance(t[5], float) for t in customer_turns)
    assert all(t[6] for t in rows["turns"] if t[2] == "bot")  # the action that spoke
    every_text = " ".join(str(t[3]) for t in rows["turns"])
    assert EMAIL not in every_text and "[EMAIL]" in every_text
    assert "e2e-widget-client-key" not in every_text
    again = ingest_tracker_store(engine)
    assert (again.turns, again.form_steps, again.conversations) == (0, 0, 0)
    assert _rows(engine, sender) == rows
    engine.dispose()


@pytest.fixture(scope="module")
def broker_stack(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[RunningStack, str, str]]:
    """A stack of its own whose Rasa publishes to a fresh RabbitMQ queue; skips without one.
    Yields the stack, its database URL and the queue."""
    try:
        socket.create_connection(("127.0.0.1", 5672), timeout=2).close()
    except OSError:
        skip_or_fail("RabbitMQ not reachable at 127.0.0.1:5672: the broker path is not tested")
    paths = ProjectPaths.discover()
    if not paths.rasa_bin.exists():
        skip_or_fail(f"{paths.rasa_bin} missing: run `make setup` to install the Rasa runtime")
    queue = f"icrm_e2e_{uuid.uuid4().hex[:10]}"
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("broker-stack"),
        models_dir=paths.root / "var" / "models",
        identity_secret=SECRET,
        event_broker_url=BROKER_URL,
        event_broker_queue=queue,
    )
    engine = make_engine(settings.resolved_database_url)
    seed(engine, SeedConfig(customers=40))
    engine.dispose()
    running = start_stack(settings, paths, say=lambda _msg: None)
    yield running, settings.resolved_database_url, queue
    running.stop()
    connection = pika.BlockingConnection(pika.URLParameters(BROKER_URL))
    connection.channel().queue_delete(queue=queue)
    connection.close()


def test_the_broker_path_gives_the_tracker_stores_rows(
    broker_stack: tuple[RunningStack, str, str], tmp_path: Path
) -> None:
    stack, database_url, queue = broker_stack
    sender = new_sender("broker")
    _talk(stack, sender)
    from_store = make_engine(database_url)
    ingest_tracker_store(from_store)
    from_broker = make_engine(f"sqlite:///{tmp_path / 'broker.db'}")
    upgrade(from_broker)
    consumed = ingest_broker(from_broker, url=BROKER_URL, queue=queue, idle_s=2.0)
    assert consumed.rejected == 0 and consumed.turns >= 5
    expected = _rows(from_store, sender)
    assert expected["turns"] and _rows(from_broker, sender) == {
        **expected,
        # the broker's copy knows no customer: customer_conversations lives in the shop's database
        "conversations": [(*c[:1], None, *c[2:]) for c in expected["conversations"]],
    }
    from_store.dispose()
    from_broker.dispose()
