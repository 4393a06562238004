"""``icrm agents``: the people who answer chats in the agent console.

A password never appears on the command line (where ``ps`` and the shell history would show
it): it is asked for twice at a hidden prompt, or read from standard input with
``--password-stdin`` (for scripts: ``printf '%s' "$PW" | icrm agents add ... --password-stdin``).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from sqlalchemy.orm import Session, sessionmaker

from icrm_models.cli.console import console, print_rows
from icrm_models.cli.errors import CliError
from icrm_models.clock import utc_now
from icrm_models.db.engine import make_engine, make_session_factory, session_scope
from icrm_models.db.migrate import upgrade
from icrm_models.live.agents import add_agent, disable_agent, list_agents
from icrm_models.settings import get_settings

agents_app = typer.Typer(help="Agents of the live-chat console.", no_args_is_help=True)


def _session_factory() -> sessionmaker[Session]:
    """Sessions on the configured database, migrated first (agents need migration 0005)."""
    engine = make_engine(get_settings().resolved_database_url)
    upgrade(engine)
    return make_session_factory(engine)


def _read_password(from_stdin: bool) -> str:
    """The new agent's password: one line of standard input, or a hidden prompt asked twice."""
    if from_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise CliError("no password on standard input")
        return password
    typed: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return typed


@agents_app.command("add")
def agents_add(
    email: Annotated[str, typer.Option(help="The agent's log-in e-mail.")],
    name: Annotated[str, typer.Option(help="The name customers see, e.g. 'Anna'.")],
    role: Annotated[str, typer.Option(help="agent or supervisor.")] = "agent",
    team: Annotated[str, typer.Option(help="The team whose queue the agent works.")] = "support",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Add an agent (the password is asked for, never given as an argument)."""
    password = _read_password(password_stdin)
    with session_scope(_session_factory()) as session:
        agent = add_agent(
            session,
            email=email,
            display_name=name,
            password=password,
            role=role,
            team=team,
            now=utc_now(),
        )
        console.print(f"added {agent.role} {agent.email} ({agent.display_name}, team {agent.team})")


def _rows(session: Session) -> list[tuple[str, ...]]:
    return [
        (
            agent.email,
            agent.display_name,
            agent.role,
            agent.team,
            "yes" if agent.active else "disabled",
            agent.presence,
        )
        for agent in list_agents(session)
    ]


@agents_app.command("list")
def agents_list() -> None:
    """List every agent with role, team, whether active, and presence."""
    with session_scope(_session_factory()) as session:
        rows = _rows(session)
    if not rows:
        console.print("no agents yet: add one with `icrm agents add --email ... --name ...`")
        return
    print_rows("agents", ("e-mail", "name", "role", "team", "active", "presence"), rows)


@agents_app.command("disable")
def agents_disable(email: Annotated[str, typer.Argument(help="The agent's e-mail.")]) -> None:
    """Disable an agent: no more log-ins, open sessions end (cases and audit keep the name)."""
    with session_scope(_session_factory()) as session:
        if not disable_agent(session, email):
            raise CliError(f"no agent with e-mail {email.strip().lower()}")
    console.print(f"disabled {email.strip().lower()}; their console sessions have ended")
