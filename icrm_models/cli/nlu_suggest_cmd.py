"""``icrm nlu suggest``: what customers asked that the bot did not understand, as proposals.

Reads the not-understood customer messages from the analytics tables (fallbacks, low
confidence, the last messages before a handoff), clusters them, prints one row per cluster and
writes Rasa YAML proposals to a file under ``var/`` for a person to review; nothing reaches
``bot/data`` by itself.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from icrm_models.analytics.suggestions import proposal_name, suggestions_yaml, write_suggestions
from icrm_models.analytics.topics import DEFAULT_MIN_CLUSTER_SIZE, DEFAULT_MIN_SAMPLES
from icrm_models.analytics.unknown_messages import DEFAULT_CONFIDENCE_BELOW
from icrm_models.analytics.unknown_topics import UnknownTopics, unknown_topics
from icrm_models.cli.console import console, print_rows
from icrm_models.cli.errors import CliError
from icrm_models.db.engine import make_engine
from icrm_models.db.migrate import upgrade
from icrm_models.runtime.paths import ProjectPaths
from icrm_models.settings import get_settings


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise CliError(f"--since {value!r} is not a date YYYY-MM-DD") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def suggest_command(
    since: Annotated[
        str | None, typer.Option(help="First day to read, YYYY-MM-DD (UTC; default: all).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Proposals file (default: data_dir/nlu_suggestions.yml, i.e. var/)."),
    ] = None,
    min_cluster_size: Annotated[
        int, typer.Option(min=2, help="Fewest messages that make a topic.")
    ] = DEFAULT_MIN_CLUSTER_SIZE,
    min_samples: Annotated[
        int, typer.Option(min=1, help="Neighbours a message needs to sit in a cluster's core.")
    ] = DEFAULT_MIN_SAMPLES,
    confidence_below: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Understood below this confidence counts as unknown."),
    ] = DEFAULT_CONFIDENCE_BELOW,
    reference_per_intent: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Training examples per intent to compare with (default: all; below 25 more "
            "known topics look new).",
        ),
    ] = None,
) -> None:
    """Cluster the messages the bot did not understand and propose training data (Rasa YAML).

    Each cluster is either "existing intent X" (its messages proposed as more examples of X)
    or a candidate new intent. Review the file, rename, and copy what you accept into bot/data
    by hand: it is never merged automatically.
    """
    first = _since(since)
    settings = get_settings()
    paths = ProjectPaths.discover()
    target = out or settings.data_dir / "nlu_suggestions.yml"
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade(engine)
        with console.status("reading, embedding and clustering the messages not understood ..."):
            found = unknown_topics(
                engine,
                encoder_path=settings.embedding_model_path,
                nlu_dir=paths.bot / "data" / "nlu",
                since=first,
                cache_dir=settings.cache_dir,
                confidence_below=confidence_below,
                min_cluster_size=min_cluster_size,
                min_samples=min_samples,
                reference_per_intent=reference_per_intent,
            )
    finally:
        engine.dispose()
    if not found.messages:
        period = f"since {first:%Y-%m-%d}" if first else "in the analytics tables"
        raise CliError(
            f"no customer messages the bot did not understand {period}: nothing to cluster "
            "(run the analytics ingest first?)"
        )
    _print_topics(found)
    source = "read from the analytics tables" + (f", since {first:%Y-%m-%d}" if first else "")
    written = write_suggestions(
        suggestions_yaml(found.report, source=source), target, bot_dir=paths.bot
    )
    console.print(f"proposals written to {written} (review them; nothing was merged)")


def _print_topics(found: UnknownTopics) -> None:
    report = found.report
    reasons: dict[str, int] = {}
    for message in found.messages:
        reasons[message.reason] = reasons.get(message.reason, 0) + 1
    console.print(
        f"{len(found.messages)} messages not understood ("
        + ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        + f"): {len(report.topics)} clusters, {len(report.noise)} in none"
    )
    taken: set[str] = set()
    rows = []
    for topic in report.topics:
        name = proposal_name(topic, taken)
        taken.add(name)
        rows.append(
            (
                str(topic.topic_id),
                str(topic.size),
                ", ".join(topic.keywords[:4]),
                "NEW" if topic.is_new else "existing",
                name,
                topic.match.intent,
                f"{topic.match.similarity:.2f}",
                (topic.representatives[0] if topic.representatives else "")[:50],
            )
        )
    if rows:
        print_rows(
            "topics the bot does not know yet",
            ("#", "size", "keywords", "kind", "proposed intent", "nearest", "similarity", "e.g."),
            rows,
        )
