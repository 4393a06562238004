"""The one failing-database fake: a query that raises as a database outage would."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError


def outage(statement: str = "select") -> OperationalError:
    """The error SQLAlchemy raises when the database is down while running ``statement``."""
    return OperationalError(statement, {}, Exception("database is down"))


def break_database(monkeypatch: pytest.MonkeyPatch, module: str, statement: str = "select") -> None:
    """Make ``run_query`` in ``module`` fail as a database outage would.

    Every action reaches the database through its module's ``run_query``: breaking it there
    tests the action's own failure path without touching the shared engine.
    """

    async def broken(*_args: object, **_kwargs: object) -> None:
        raise outage(statement)

    monkeypatch.setattr(f"{module}.run_query", broken)
