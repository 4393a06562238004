"""``icrm analytics``: conversation analytics (issue 19) — ingest, and the report."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated
from urllib.parse import urlsplit

import typer
from pika.exceptions import AMQPError
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from icrm_models.analytics.broker_source import ingest_broker
from icrm_models.analytics.ingest_result import IngestResult
from icrm_models.analytics.tracker_source import DEFAULT_BATCH, ingest_tracker_store
from icrm_models.cli.analytics_report_cmd import report_command
from icrm_models.cli.console import console, print_table
from icrm_models.cli.errors import CliError
from icrm_models.db.engine import make_engine
from icrm_models.db.migrate import upgrade
from icrm_models.privacy.tracker_store import has_tracker_store
from icrm_models.settings import get_settings

analytics_app = typer.Typer(help="Conversation analytics: ingest and report.", no_args_is_help=True)


class Source(StrEnum):
    """Where the events come from."""

    TRACKER_STORE = "tracker_store"
    RABBITMQ = "rabbitmq"


def _show(result: IngestResult) -> None:
    rows: list[tuple[str, object]] = list(result.rows())
    if result.last_event_id is not None:
        rows.append(("bookmark (events.id)", result.last_event_id))
    rows.append(("turns per second", f"{result.turns_per_second:,.0f}"))
    print_table(f"analytics ingest from {result.source} in {result.seconds:.1f} s", rows)


def _has_events(engine: Engine) -> bool:
    with Session(engine) as session:
        return has_tracker_store(session)


def ingest_command(
    source: Annotated[Source, typer.Option(help="Where Rasa's events are read.")] = (
        Source.TRACKER_STORE
    ),
    follow: Annotated[
        bool, typer.Option("--follow", help="Keep ingesting new events until Ctrl-C.")
    ] = False,
    batch: Annotated[
        int, typer.Option(min=1, max=50_000, help="Events per transaction.")
    ] = DEFAULT_BATCH,
) -> None:
    """Copy Rasa's events, redacted, into the analytics tables (idempotent, incremental)."""
    settings = get_settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade(engine)
        if source is Source.RABBITMQ:
            if not settings.event_broker_url:
                raise CliError(
                    "no event broker: set ICRM_EVENT_BROKER_URL=amqp://user:password@host:5672/"
                )
            try:
                result = ingest_broker(
                    engine,
                    url=settings.event_broker_url,
                    queue=settings.event_broker_queue,
                    batch_size=batch,
                    follow=follow,
                )
            except AMQPError as exc:
                parts = urlsplit(settings.event_broker_url)  # never the password
                detail = str(exc) or exc.__class__.__name__
                raise CliError(
                    f"cannot use the event broker at {parts.hostname}:{parts.port or 5672}: "
                    f"{detail}"
                ) from exc
        elif not _has_events(engine):
            console.print("Rasa has not written to this database yet (no table events).")
            result = IngestResult(Source.TRACKER_STORE.value)
        else:
            if follow:
                console.print("following the tracker store (Ctrl-C stops)")
            result = ingest_tracker_store(engine, batch_size=batch, follow=follow)
    finally:
        engine.dispose()
    _show(result)


analytics_app.command("ingest")(ingest_command)
analytics_app.command("report")(report_command)
