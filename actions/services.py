"""The action server's connections, made on first use (never at import) and shared per process."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from icrm_models.db.engine import make_engine, make_session_factory
from icrm_models.policies.source import PolicySource
from icrm_models.registry.serving import PromotedModels
from icrm_models.settings import Settings, get_settings

T = TypeVar("T")

# A customer waits at most this long for the database before getting an honest apology.
DB_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Services:
    """Settings, engine and session factory of this action-server process."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    models: PromotedModels  # the promoted customer models, reloaded when another is promoted
    policies: PolicySource  # the shop's policies, re-read when the file changes


@lru_cache(maxsize=1)
def services() -> Services:
    """This process's services, created on the first call."""
    settings = get_settings()
    engine = make_engine(settings.resolved_database_url)
    return Services(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        models=PromotedModels(settings.resolved_registry_dir),
        policies=PolicySource(settings.policies_path, currency=settings.currency),
    )


async def run_query(query: Callable[[Session], T], *, timeout_s: float = DB_TIMEOUT_S) -> T:
    """Run a blocking database read in a worker thread, bounded by ``timeout_s``."""
    factory = services().sessions

    def work() -> T:
        with factory() as session:
            return query(session)

    return await asyncio.wait_for(asyncio.to_thread(work), timeout=timeout_s)
