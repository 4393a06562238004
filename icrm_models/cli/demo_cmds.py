"""``icrm demo conversations``: fill the running demo with varied, scripted conversations.

For the analytics (issue 19): the customers' side goes through Rasa's REST channel, the agent's
through the console's API with the demo agent's log-in (``demo-agents.secret`` in the data
folder, written by ``icrm up``), so the tracker store holds them exactly as real conversations.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from icrm_models.cli.console import console, print_rows, progress_bar
from icrm_models.cli.errors import CliError
from icrm_models.db.engine import make_engine
from icrm_models.demo_conversations.cast import load_cast
from icrm_models.demo_conversations.plan import plan_conversations
from icrm_models.demo_conversations.runner import (
    ConversationResult,
    DemoTarget,
    check_stack,
    play_conversations,
)
from icrm_models.demo_conversations.summary import summarise
from icrm_models.seed.agents import DEMO_AGENTS, PASSWORDS_FILE
from icrm_models.settings import Settings, get_settings

demo_app = typer.Typer(help="The demo: scripted conversations.", no_args_is_help=True)
SHOWN_ERRORS = 5
COLUMNS = (
    "script",
    "conversations",
    "customer turns",
    "bot messages",
    "agent turns",
    "off script",
    "errors",
)


def demo_agent_password(data_dir: Path, email: str) -> str:
    """The stored password of demo agent ``email``; ``CliError`` saying how to get one."""
    path = data_dir / PASSWORDS_FILE
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    for line in lines:
        known, _, password = line.strip().partition(" ")
        if known == email and password:
            return password
    raise CliError(
        f"no password for the demo agent {email} in {path}: `icrm up` (with the demo log-in on, "
        "ICRM_ENVIRONMENT=development) creates the demo agents and that file"
    )


def _target(
    settings: Settings, rasa_url: str | None, console_url: str | None, agent: str
) -> DemoTarget:
    """Where the stack is (checked first: no stack, no point asking for the agent's log-in)."""
    rasa = (rasa_url or f"http://127.0.0.1:{settings.rasa_port}").rstrip("/")
    agents_console = (
        console_url or settings.console_url or f"http://127.0.0.1:{settings.console_port}"
    ).rstrip("/")
    asyncio.run(check_stack(rasa, agents_console))
    return DemoTarget(
        rasa_url=rasa,
        console_url=agents_console,
        identity_key=settings.identity_key,
        agent_email=agent,
        agent_password=demo_agent_password(settings.data_dir, agent),
    )


@demo_app.command("conversations")
def conversations_command(
    n: Annotated[int, typer.Option("--n", min=1, help="How many conversations.")] = 500,
    seed: Annotated[int, typer.Option(help="Seed of the scripts, words and customers drawn.")] = 7,
    concurrency: Annotated[
        int, typer.Option(min=1, max=32, help="Conversations at the same time.")
    ] = 4,
    rasa_url: Annotated[
        str | None, typer.Option(help="[default: http://127.0.0.1:$ICRM_RASA_PORT]")
    ] = None,
    console_url: Annotated[
        str | None,
        typer.Option(help="[default: ICRM_CONSOLE_URL or http://127.0.0.1:$ICRM_CONSOLE_PORT]"),
    ] = None,
    agent: Annotated[str, typer.Option(help="The demo agent who answers handoffs.")] = DEMO_AGENTS[
        0
    ][0],
) -> None:
    """Play N scripted conversations (order look-ups, offers, forms, small talk, fallbacks,
    handoffs an agent answers, ratings) against the running stack (`icrm up`)."""
    settings = get_settings()
    target = _target(settings, rasa_url, console_url, agent)
    engine = make_engine(settings.resolved_database_url)
    try:
        cast = load_cast(engine)
    finally:
        engine.dispose()
    planned = plan_conversations(n, seed=seed, cast=cast)
    with progress_bar() as bar:
        task = bar.add_task("conversations", total=len(planned))

        def done(_result: ConversationResult) -> None:
            bar.advance(task)

        results = asyncio.run(
            play_conversations(target, planned, concurrency=concurrency, on_done=done)
        )
    print_rows(
        f"demo conversations (seed {seed})",
        COLUMNS,
        [
            (
                row.script,
                f"{row.conversations:,}",
                f"{row.customer_turns:,}",
                f"{row.bot_messages:,}",
                f"{row.agent_turns:,}",
                f"{row.off_script:,}",
                f"{row.errors:,}",
            )
            for row in summarise(results)
        ],
    )
    failed = [r for r in results if r.error]
    for result in failed[:SHOWN_ERRORS]:
        console.print(f"[red]{result.sender}[/red] ({result.script}): {result.error}")
    if failed:
        raise CliError(f"{len(failed)} of {len(results)} conversations failed (first ones above)")
