"""``icrm up`` and ``icrm bot train``: run the assistant."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from sqlalchemy import Engine

from icrm_models.cli.console import console
from icrm_models.clock import utc_now
from icrm_models.db.engine import make_engine, make_session_factory, session_scope
from icrm_models.db.migrate import upgrade
from icrm_models.launcher.bot_checks import conversation_tests, validate_bot
from icrm_models.launcher.processes import port_is_free
from icrm_models.launcher.stack import StackPorts, start_stack
from icrm_models.launcher.training import train_if_changed
from icrm_models.runtime.paths import ProjectPaths
from icrm_models.seed.agents import PASSWORDS_FILE, seed_demo_agents
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import is_empty, seed
from icrm_models.settings import get_settings

bot_app = typer.Typer(help="The Rasa assistant.", no_args_is_help=True)


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def _preferred(port: int, host: str) -> int | None:
    """The usual port when it is free, else None (a free one is picked)."""
    return port if port_is_free(port, host) else None


def _seed_demo_agents(engine: Engine, data_dir: Path) -> list[tuple[str, str, str]]:
    """The demo's console agent and supervisor (idempotent; passwords kept in the data folder);
    their ``(email, password, role)``."""
    with session_scope(make_session_factory(engine)) as session:
        logins = seed_demo_agents(session, data_dir, now=utc_now())
    console.print(f"agent console log-ins (demo): {data_dir / PASSWORDS_FILE}")
    return logins


def _login_lines(logins: list[tuple[str, str, str]]) -> str:
    """The demo log-ins for the banner, one indented line each (none: a hint to add one)."""
    if not logins:
        return "\n  console log-ins:     none yet: `icrm agents add` creates one"
    return "".join(
        f"\n  console log-in:      {email}  {password}  ({role})"
        for email, password, role in logins
    )


def up_command(
    rasa_port: Annotated[
        int | None, typer.Option(help="Rasa port [default: ICRM_RASA_PORT (5005) or free]")
    ] = None,
    action_port: Annotated[
        int | None,
        typer.Option(help="Action server [default: ICRM_ACTION_SERVER_PORT (5055) or free]"),
    ] = None,
    web_port: Annotated[
        int | None, typer.Option(help="Web shop [default: ICRM_WEB_PORT (8000) or free]")
    ] = None,
    console_port: Annotated[
        int | None,
        typer.Option(help="Agents' console [default: ICRM_CONSOLE_PORT (8001) or free]"),
    ] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
) -> None:
    """Migrate and (when empty) seed the database, train if needed, start everything.

    Prints the URLs and runs until Ctrl-C, which stops all services cleanly.
    """
    # From here on Ctrl-C, SIGTERM and a closed terminal all stop cleanly, even mid-start:
    # start_stack stops what it started, the loop below stops the running stack.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)
    settings = get_settings()
    paths = ProjectPaths.discover(settings)
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    if is_empty(engine):
        console.print("empty database: seeding the demo shop (1,000 customers) ...")
        seed(engine, SeedConfig())
    logins = _seed_demo_agents(engine, settings.data_dir) if settings.demo_login else []
    engine.dispose()
    ports = StackPorts(
        rasa=rasa_port or _preferred(settings.rasa_port, host),
        actions=action_port or _preferred(settings.action_server_port, host),
        web=web_port or _preferred(settings.web_port, host),
        console=console_port or _preferred(settings.console_port, host),
        host=host,
    )
    stack = start_stack(settings, paths, ports, say=console.print)
    console.print(f"""
[bold green]iCRM Assist is running[/bold green]
  web shop with chat:  [link]{stack.web_url}[/link]
                       open it, pick a customer, ask "where is my order 10023?"
  agents' console:     [link]{stack.console_url}[/link]{_login_lines(logins)}
  Rasa server:         {stack.rasa_url}   (REST channel: /webhooks/rest/webhook)
  Rasa API token:      {settings.data_dir / "rasa-api.secret"}
  action server:       {stack.action_url}
  database:            {settings.resolved_database_url}
  logs:                {settings.data_dir / "logs"}
Press Ctrl-C to stop.""")
    try:
        while True:
            dead = stack.group.first_dead()
            if dead is not None:
                raise RuntimeError(
                    f"{dead.name} stopped unexpectedly; last lines of {dead.log}:\n{dead.tail()}"
                )
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        console.print("stopping ...")
        stack.stop()
        console.print("stopped.")


@bot_app.command("train")
def train_command(
    force: Annotated[bool, typer.Option(help="Train even if the content is unchanged.")] = False,
) -> None:
    """Train the Rasa model when bot/ changed (cached by content hash)."""
    settings = get_settings()
    paths = ProjectPaths.discover(settings)
    paths.require_runtimes()
    log = settings.data_dir / "logs" / "rasa-train.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with console.status("training the Rasa model ..."):
        model, trained = train_if_changed(paths, settings.resolved_models_dir, log=log, force=force)
    console.print(f"{'trained' if trained else 'up to date'}: {model}")


@bot_app.command("lookups")
def lookups_command() -> None:
    """Regenerate bot/data/nlu/lookups.yml (product names, categories, colours) from the DB."""
    from sqlalchemy.orm import Session

    from icrm_models.nlu.lookups import lookup_tables, write_lookups

    settings = get_settings()
    paths = ProjectPaths.discover(settings)
    engine = make_engine(settings.resolved_database_url)
    try:
        with Session(engine) as session:
            tables = lookup_tables(session)
    finally:
        engine.dispose()
    target = write_lookups(paths.bot, tables)
    sizes = ", ".join(f"{len(v)} {k}" for k, v in tables.items())
    console.print(f"wrote {target} ({sizes}); retrain with `icrm bot train`")


@bot_app.command("validate")
def validate_command() -> None:
    """`rasa data validate`; fails on errors and on warnings not explained in the allow-list."""
    paths = ProjectPaths.discover()
    paths.require_runtimes()
    with console.status("validating bot data ..."):
        unexplained = validate_bot(paths)
    if unexplained:
        lines = "\n".join(f"  - {w}" for w in unexplained)
        raise RuntimeError(
            f"rasa data validate: unexplained warnings (fix them, or explain them in "
            f"bot/validate_allowlist.txt):\n{lines}"
        )
    console.print("bot data valid")


@bot_app.command("test")
def test_command() -> None:
    """Train if needed, then run the conversation tests; fails on any prediction error."""
    settings = get_settings()
    paths = ProjectPaths.discover(settings)
    paths.require_runtimes()
    log = settings.data_dir / "logs" / "rasa-train.log"
    with console.status("training the Rasa model if bot/ changed ..."):
        model, _ = train_if_changed(paths, settings.resolved_models_dir, log=log)
    with console.status("running conversation tests ..."):
        conversation_tests(paths, model, settings.data_dir / "results")
    console.print("conversation tests passed")
