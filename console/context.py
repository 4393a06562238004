"""What every console route shares: settings, the database, the clock, Rasa and the live hub.

Built once per app by :func:`console.server.create_app` (never at import). Database work runs
in a worker thread (:meth:`Console.db`), one transaction per call that commits on success, so
the event loop that carries the live stream never waits for SQLite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from console.rasa_live import RasaLive
from icrm_models.clock import Clock
from icrm_models.db.engine import session_scope
from icrm_models.settings import Settings

T = TypeVar("T")


@dataclass
class Console:
    """The shared state of one console app."""

    settings: Settings
    sessions: sessionmaker[Session]
    clock: Clock
    rasa: RasaLive
    live_token: str

    async def db(self, work: Callable[[Session], T]) -> T:
        """Run ``work(session)`` in a worker thread in one transaction (committed if it returns)."""

        def run() -> T:
            with session_scope(self.sessions) as session:
                return work(session)

        return await run_in_threadpool(run)
