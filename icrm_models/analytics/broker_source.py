"""The source at scale: Rasa's RabbitMQ (pika) event broker, consumed from its queue.

Rasa publishes every new event of a conversation, as its tracker store saves it, to the fanout
exchange ``rasa-exchange`` and from there to the queues named in ``endpoints.yml``
(``ICRM_EVENT_BROKER_QUEUE``); the body is the event's JSON with ``sender_id`` added
(``bot/stores/redacting_tracker_store.py`` publishes it redacted like the stored copy). This
consumer declares the same exchange, queue and binding (so it may start before Rasa), takes up
to a batch of messages, ingests them in one transaction and acknowledges them only after that
commit: a crash re-delivers them, and their keys make the second delivery a duplicate.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pika
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from icrm_models.analytics.event_keys import split_broker_body
from icrm_models.analytics.ingest import Ingestor
from icrm_models.analytics.ingest_parse import RawEvent
from icrm_models.analytics.ingest_result import IngestResult
from icrm_models.clock import Clock, utc_now
from icrm_models.db.engine import make_session_factory

SOURCE = "rabbitmq"
EXCHANGE = "rasa-exchange"  # Rasa 3.6's RABBITMQ_EXCHANGE (rasa/core/brokers/pika.py)
DEFAULT_BATCH = 1000
IDLE_S = 1.0  # a queue quiet this long: ingest what is held (and stop, unless following)

Progress = Callable[[IngestResult], None]


def raw_event(body: bytes) -> RawEvent:
    """A broker message as the ingest reads it (an unreadable one is rejected there)."""
    try:
        decoded: Any = json.loads(body.decode("utf-8"))
    except ValueError:
        return RawEvent(sender_id=None, data=body.decode("utf-8", "replace"))
    if not isinstance(decoded, dict):
        return RawEvent(sender_id=None, data=json.dumps(decoded))
    sender, event = split_broker_body(decoded)
    return RawEvent(sender_id=sender, data=event)


def declare(channel: BlockingChannel, queue: str) -> None:
    """The exchange, queue and binding exactly as Rasa declares them (else RabbitMQ refuses)."""
    channel.exchange_declare(exchange=EXCHANGE, exchange_type="fanout")
    channel.queue_declare(queue=queue, durable=True)
    channel.queue_bind(queue=queue, exchange=EXCHANGE, routing_key="")


def connect(url: str) -> pika.BlockingConnection:
    """A connection to RabbitMQ at ``url`` (amqp://user:password@host:port/vhost)."""
    return pika.BlockingConnection(pika.URLParameters(url))


def ingest_broker(
    target: Engine | sessionmaker[Session],
    *,
    url: str,
    queue: str,
    batch_size: int = DEFAULT_BATCH,
    follow: bool = False,
    idle_s: float = IDLE_S,
    clock: Clock = utc_now,
    progress: Progress | None = None,
) -> IngestResult:
    """Consume ``queue`` until it is quiet for ``idle_s`` (or until Ctrl-C with ``follow``).

    One transaction per batch of at most ``batch_size`` messages, acknowledged after its
    commit; a failing batch is handed back to the queue (``nack``) and the error raised.
    """
    if batch_size < 1:
        raise ValueError(f"batch size must be at least 1, got {batch_size}")
    factory = make_session_factory(target) if isinstance(target, Engine) else target
    ingestor = Ingestor(SOURCE, clock=clock)
    total = IngestResult(SOURCE)
    started = time.perf_counter()
    connection = connect(url)
    try:
        channel = connection.channel()
        declare(channel, queue)
        channel.basic_qos(prefetch_count=batch_size)
        with factory() as session:
            run_id = ingestor.start_run(session)
            held: list[RawEvent] = []
            last_tag = 0
            try:
                for method, _props, body in channel.consume(queue, inactivity_timeout=idle_s):
                    if method is not None:
                        held.append(raw_event(body))
                        last_tag = method.delivery_tag
                    if held and (method is None or len(held) >= batch_size):
                        total.add(_ingest(session, ingestor, run_id, channel, held, last_tag))
                        total.seconds = time.perf_counter() - started
                        held = []
                        if progress is not None:
                            progress(total)
                    if method is None and not follow:
                        break
            except KeyboardInterrupt:  # Ctrl-C ends a following run; what is held is redelivered
                if not follow:
                    raise
            channel.cancel()
            ingestor.finish_run(session, run_id)
            session.commit()
    finally:
        if connection.is_open:
            connection.close()
    total.seconds = time.perf_counter() - started
    return total


def _ingest(
    session: Session,
    ingestor: Ingestor,
    run_id: int,
    channel: BlockingChannel,
    held: list[RawEvent],
    last_tag: int,
) -> IngestResult:
    """Ingest and commit ``held``, then acknowledge every message up to ``last_tag``."""
    try:
        result = ingestor.ingest_batch(session, held, run_id=run_id)
        session.commit()
    except BaseException:
        session.rollback()
        channel.basic_nack(delivery_tag=last_tag, multiple=True, requeue=True)
        raise
    channel.basic_ack(delivery_tag=last_tag, multiple=True)
    return result
