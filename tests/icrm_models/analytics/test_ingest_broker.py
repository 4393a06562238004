"""The RabbitMQ path: Rasa's own tracker store and pika broker built from endpoints.yml, then
the same conversation ingested from the broker and from the tracker store (same keys)."""

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

from icrm_models.analytics.broker_source import EXCHANGE, ingest_broker
from icrm_models.analytics.tracker_source import ingest_tracker_store
from icrm_models.db.engine import make_engine
from icrm_models.db.migrate import upgrade
from icrm_models.db.tables.analytics import (
    AnalyticsConversation,
    AnalyticsFormStep,
    AnalyticsReject,
    AnalyticsTurn,
)
from icrm_models.launcher.rasa_env import event_broker_environment, rasa_environment
from icrm_models.settings import Settings
from tests.helpers.ci import skip_or_fail
from tests.helpers.rasa import run_in_rasa

CHECK = Path(__file__).with_name("ingest_broker_check.py")
BROKER_URL = "amqp://guest:guest@127.0.0.1:5672/"


def _rabbitmq_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5672), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def queue() -> Iterator[str]:
    """A queue of this test's own on the local RabbitMQ (deleted after); skips without one."""
    if not _rabbitmq_reachable():
        skip_or_fail("RabbitMQ not reachable at 127.0.0.1:5672: the broker path is not tested")
    name = f"icrm_test_{uuid.uuid4().hex[:10]}"
    yield name
    connection = pika.BlockingConnection(pika.URLParameters(BROKER_URL))
    connection.channel().queue_delete(queue=name)
    connection.close()


def _migrated(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    return engine


def _rasa_saves(data_dir: Path, sender: str, broker_url: str | None, queue: str) -> dict[str, Any]:
    """Run Rasa's tracker store (and broker) from endpoints.yml on ``data_dir``'s database."""
    settings = Settings(data_dir=data_dir, event_broker_url=broker_url, event_broker_queue=queue)
    env = rasa_environment(settings, action_server_url="http://127.0.0.1:1/webhook")
    return run_in_rasa(CHECK, sender, env=env)


def _contents(engine: Engine) -> dict[str, set[tuple[Any, ...]]]:
    """What the analytics hold, without row ids and source event ids (the broker has none)."""
    with Session(engine) as session:
        return {
            "turns": set(
                session.execute(
                    select(
                        AnalyticsTurn.event_key,
                        AnalyticsTurn.conversation_id,
                        AnalyticsTurn.at,
                        AnalyticsTurn.actor,
                        AnalyticsTurn.text,
                        AnalyticsTurn.intent,
                        AnalyticsTurn.action,
                        AnalyticsTurn.form,
                    )
                ).all()
            ),
            "steps": set(
                session.execute(select(AnalyticsFormStep.event_key, AnalyticsFormStep.step)).all()
            ),
            "conversations": set(
                session.execute(
                    select(
                        AnalyticsConversation.session_key,
                        AnalyticsConversation.customer_turns,
                        AnalyticsConversation.bot_turns,
                        AnalyticsConversation.agent_turns,
                        AnalyticsConversation.handoff_reason,
                    )
                ).all()
            ),
        }


def test_without_a_broker_url_rasa_publishes_nothing_and_still_stores(tmp_path: Path) -> None:
    done = _rasa_saves(tmp_path, "conv-quiet", None, "unused")
    assert done == {"broker": None, "saved": 18}
    engine = _migrated(tmp_path / "icrm.db")
    result = ingest_tracker_store(engine)
    assert (result.read, result.turns, result.rejected) == (18, 5, 0)
    engine.dispose()


def test_the_broker_and_the_tracker_store_give_the_same_rows(tmp_path: Path, queue: str) -> None:
    store_dir, broker_dir = tmp_path / "store", tmp_path / "broker"
    done = _rasa_saves(store_dir, "conv-both", BROKER_URL, queue)
    assert done == {"broker": "OptionalPikaEventBroker", "saved": 18}
    from_store, from_broker = _migrated(store_dir / "icrm.db"), _migrated(broker_dir / "b.db")

    stored = ingest_tracker_store(from_store)
    consumed = ingest_broker(from_broker, url=BROKER_URL, queue=queue, batch_size=7, idle_s=0.5)
    assert (consumed.read, consumed.rejected, consumed.duplicates) == (18, 0, 0)
    assert (consumed.turns, consumed.form_steps) == (stored.turns, stored.form_steps) == (5, 3)
    contents = _contents(from_store)
    assert contents == _contents(from_broker)
    texts = " ".join(str(row[4]) for row in contents["turns"])
    assert "ann@example.com" not in texts and "secret-token" not in texts

    # both paths into one database: the broker's copy of each event is a duplicate
    _rasa_saves(store_dir, "conv-both-2", BROKER_URL, queue)
    ingest_tracker_store(from_store)
    again = ingest_broker(from_store, url=BROKER_URL, queue=queue, idle_s=0.5)
    assert (again.read, again.stored, again.turns) == (18, 0, 0)
    assert again.duplicates + again.skipped == 18
    from_store.dispose()
    from_broker.dispose()


def test_unreadable_messages_are_rejected_and_acknowledged(tmp_path: Path, queue: str) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(BROKER_URL))
    channel = connection.channel()
    channel.exchange_declare(exchange=EXCHANGE, exchange_type="fanout")
    channel.queue_declare(queue=queue, durable=True)
    channel.queue_bind(queue=queue, exchange=EXCHANGE, routing_key="")
    for body in (b"not json", b'{"event": "bot", "timestamp": 1795000000.0}', b"[1]"):
        channel.basic_publish(exchange="", routing_key=queue, body=body)
    connection.close()
    engine = _migrated(tmp_path / "icrm.db")
    result = ingest_broker(engine, url=BROKER_URL, queue=queue, idle_s=0.5)
    assert (result.read, result.rejected) == (3, 3)
    with Session(engine) as session:
        reasons = set(session.scalars(select(AnalyticsReject.reason)))
        assert reasons == {"bad JSON", "missing field sender_id", "not a JSON object"}
        assert set(session.scalars(select(AnalyticsReject.source))) == {"rabbitmq"}
    assert ingest_broker(engine, url=BROKER_URL, queue=queue, idle_s=0.5).read == 0  # acked
    engine.dispose()


def test_rasas_broker_variables_are_empty_unless_a_url_is_set(tmp_path: Path) -> None:
    off = event_broker_environment(Settings(data_dir=tmp_path))
    assert off["ICRM_EVENT_BROKER_URL"] == "" and off["ICRM_EVENT_BROKER_QUEUE"]
    on = event_broker_environment(
        Settings(data_dir=tmp_path, event_broker_url="amqps://an%40x:p%3Aw@mq.example:5999/shop")
    )
    # Rasa adds user, password and port to the URL itself (rasa/core/brokers/pika.py)
    assert on["ICRM_EVENT_BROKER_URL"] == "amqps://mq.example:5999/shop"
    assert (on["ICRM_EVENT_BROKER_PORT"], on["ICRM_EVENT_BROKER_USERNAME"]) == ("5999", "an%40x")
    assert on["ICRM_EVENT_BROKER_PASSWORD"] == "p%3Aw"
    with pytest.raises(ValueError, match="amqp://"):
        event_broker_environment(Settings(data_dir=tmp_path, event_broker_url="http://mq:1/"))
