"""Rasa's RabbitMQ (pika) event broker, off unless a broker URL is configured.

Rasa 3.6 builds an event broker from any ``event_broker`` section of endpoints.yml: with
``type: pika`` and an empty URL it retries the connection for minutes and then refuses to
start, and an empty ``type`` only logs a warning each start. The embedded demo needs no
RabbitMQ, so endpoints.yml names this class: with ``ICRM_EVENT_BROKER_URL`` empty it is no
broker at all; with one set it is Rasa's own ``PikaEventBroker`` (the tracker store then
publishes every new event, redacted, to ``rasa-exchange`` and the queue named there, which
``icrm analytics ingest --source rabbitmq`` consumes).
"""

from __future__ import annotations

import logging
from asyncio import AbstractEventLoop
from typing import Optional

from rasa.core.brokers.pika import PikaEventBroker
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)


class OptionalPikaEventBroker(PikaEventBroker):
    """:class:`PikaEventBroker` when endpoints.yml gives it a URL; otherwise no broker."""

    @classmethod
    async def from_endpoint_config(
        cls,
        broker_config: Optional[EndpointConfig],
        event_loop: Optional[AbstractEventLoop] = None,
    ) -> Optional[PikaEventBroker]:
        """Rasa's pika broker for a configured URL; None (no broker) for an empty one."""
        if broker_config is None or not (broker_config.url or "").strip():
            logger.debug("no event broker URL: events are not published")
            return None
        return await super().from_endpoint_config(broker_config, event_loop)
