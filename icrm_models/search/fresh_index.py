"""A product index that follows the live catalogue: rebuilt in the background when old.

An index holds the stock and prices of its build, and its filters use them; so an index older
than ``max_age_s`` is rebuilt in the background from the live catalogue (only new or edited
product texts are encoded) while the old one keeps serving. A failed rebuild is logged and the
old index kept; it is tried again after another ``max_age_s``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy import Engine

from icrm_models.search.index import ProductIndex

logger = logging.getLogger(__name__)

IndexT = TypeVar("IndexT", bound=ProductIndex)


class FreshIndex(Generic[IndexT]):
    """An index that is rebuilt in the background once older than ``max_age_s``.

    ``build`` makes the first index; later ones are ``refreshed`` from the one serving, which
    stays in use until its successor is ready (a customer never waits for a rebuild) and for
    good if a rebuild fails. The age counts from the start of a build: that is when it read
    the catalogue. ``clock`` (seconds, monotonic) is injectable for tests.
    """

    def __init__(
        self,
        name: str,
        build: Callable[[], IndexT],
        engine: Engine,
        *,
        max_age_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self._build = build
        self._engine = engine
        self.max_age_s = max_age_s
        self._clock = clock
        self._lock = threading.Lock()
        self._index: IndexT | None = None
        self._attempted_at: float | None = None  # start of the last build, successful or not
        self._idle = threading.Event()  # set while no build runs
        self._idle.set()
        self.error: Exception | None = None  # why the last build failed (None: it did not)

    def current(self) -> IndexT | None:
        """The newest index built (None before the first); starts a rebuild when one is due."""
        self._start_if_due()
        return self._index

    def wait(self, timeout_s: float | None, *, retry: bool = False) -> IndexT | None:
        """:meth:`current`, waiting up to ``timeout_s`` for the first build if none is ready.

        With ``retry``, a first build that failed is tried again now rather than after
        ``max_age_s``: for an index the caller cannot do without.
        """
        self._start_if_due(retry and self._index is None)
        index = self._index
        if index is None:
            self._idle.wait(timeout_s)
            index = self._index
        return index

    def settle(self, timeout_s: float | None = None) -> bool:
        """Wait until no build runs (True) or ``timeout_s`` passes (False)."""
        return self._idle.wait(timeout_s)

    def _start_if_due(self, now: bool = False) -> None:
        """Start a build in the background if none runs and one is due (or ``now``)."""
        with self._lock:
            if not self._idle.is_set() or not (now or self._due()):
                return
            self._idle.clear()
            self._attempted_at = self._clock()
        threading.Thread(target=self._run_build, name=f"{self.name} index", daemon=True).start()

    def _due(self) -> bool:
        return self._attempted_at is None or self._clock() - self._attempted_at >= self.max_age_s

    def _run_build(self) -> None:
        """Build the next index and put it in service, or log why not and keep the old one."""
        previous = self._index
        try:
            index = self._build() if previous is None else previous.refreshed(self._engine)
        except Exception as exc:
            self.error = exc
            self._log_failure(exc, first=previous is None)
        else:
            self._index, self.error = index, None
            level = logging.INFO if previous is None else logging.DEBUG  # refreshes: routine
            logger.log(level, "%s ready (%d products)", self.name, len(index.products))
        finally:
            self._idle.set()

    def _log_failure(self, exc: Exception, *, first: bool) -> None:
        """Say which index failed, why, what serves meanwhile and when the next try is."""
        retry = f"next try in {self.max_age_s:.0f} s"
        if first:
            logger.error("%s unavailable (%s): %s", self.name, exc, retry)
        else:
            logger.error(
                "%s not refreshed (%s): the previous index keeps serving, %s", self.name, exc, retry
            )
