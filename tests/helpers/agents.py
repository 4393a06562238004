"""Agents' accounts in a running stack's database, made the way `icrm agents add` makes them."""

from __future__ import annotations

from pathlib import Path

from icrm_models.clock import utc_now
from icrm_models.db.engine import make_engine, make_session_factory
from icrm_models.live.agents import add_agent


def add_stack_agent(
    database_file: Path, *, email: str, name: str, password: str, role: str = "agent"
) -> None:
    """An active agent of the support team in the stack's SQLite file."""
    engine = make_engine(f"sqlite:///{database_file}")
    try:
        with make_session_factory(engine)() as session:
            add_agent(
                session,
                email=email,
                display_name=name,
                password=password,
                role=role,
                now=utc_now(),
            )
            session.commit()
    finally:
        engine.dispose()
