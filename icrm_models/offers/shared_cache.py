"""Values computed from a whole database and shared by every request for a while.

The action server answers each customer from a few look-ups, but some inputs are read from the
whole shop (the catalogue, the best-seller ranking): those are computed once per database and
``ttl_s`` seconds and shared across requests and threads.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

T = TypeVar("T")


class PerDatabaseCache(Generic[T]):
    """``compute()``'s value per (database, key), recomputed after ``ttl_s`` seconds."""

    def __init__(
        self, ttl_s: float, *, clock: Callable[[], float] = time.monotonic, max_entries: int = 32
    ) -> None:
        self.ttl_s = ttl_s
        self.clock = clock
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, Hashable], tuple[float, T]] = {}

    def get(self, engine: Engine, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for ``engine``'s database and ``key``, or ``compute()``'s."""
        entry_key = (engine.url.render_as_string(hide_password=False), key)
        with self._lock:
            entry = self._entries.get(entry_key)
            if entry is not None and self.clock() - entry[0] < self.ttl_s:
                return entry[1]
        value = compute()  # outside the lock: other databases need not wait
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[entry_key] = (self.clock(), value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def engine_of(session: Session) -> Engine:
    """The engine ``session`` is bound to (the cache key of its database)."""
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine
