"""What the shopping actions keep per action-server process: the product indexes and scores.

The semantic index needs the sentence-transformers model (seconds to load, then ~10 ms per
query), so it is first built in a background thread on the first search (or by
:func:`warm_up` at start-up). Until it is ready — or while the model cannot load (tried
again every ``search_index_max_age_s``) — searches use the keyword index, and the log says
so. Both are tied to the process's database engine: a new engine (tests, a reconfigured
server) gets a fresh state.

An index holds the stock and prices of its build, and its filters use them; so an index older
than ``search_index_max_age_s`` is rebuilt in the background from the live catalogue (only new
or edited product texts are encoded) while the old one keeps serving. A failed rebuild is
logged and the old index kept; it is tried again after another ``search_index_max_age_s``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from sqlalchemy import Engine

from actions.services import services
from icrm_models.offers.keyword_index import KeywordIndex
from icrm_models.offers.scoring import ScoreCache
from icrm_models.recommend.item_text import cache_file_for, cached_encode, text_encoder
from icrm_models.recommend.search import ProductIndex

logger = logging.getLogger(__name__)

# How long a search waits for the first semantic index before using keywords this time.
SEMANTIC_WAIT_S = 3.0

IndexT = TypeVar("IndexT", bound=ProductIndex)


def build_semantic_index(
    engine: Engine, model_path: Path | None, cache_dir: Path | None = None
) -> ProductIndex:
    """The product index with sentence-transformers embeddings (slow: loads the model).

    Product vectors come from the cache the trainings fill (``cache_dir``), so a restart
    encodes only products that are new or changed.
    """
    encode = text_encoder(model_path, batch_size=64)
    cache_file = cache_file_for(cache_dir, model_path) if cache_dir is not None else None
    return ProductIndex.build(
        engine, encode, encode_catalogue=lambda texts: cached_encode(texts, encode, cache_file)
    )


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


class ProductSearchIndex:
    """The semantic index once built; the keyword index while it isn't (or can't be)."""

    def __init__(
        self,
        engine: Engine,
        model_path: Path | None,
        cache_dir: Path | None = None,
        *,
        max_age_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.semantic: FreshIndex[ProductIndex] = FreshIndex(
            "semantic product search",
            lambda: build_semantic_index(engine, model_path, cache_dir),
            engine,
            max_age_s=max_age_s,
            clock=clock,
        )
        self.keywords: FreshIndex[KeywordIndex] = FreshIndex(
            "keyword product search",
            lambda: KeywordIndex.from_catalogue(engine),
            engine,
            max_age_s=max_age_s,
            clock=clock,
        )

    def start(self) -> None:
        """Start building the semantic index in the background (if not built or due)."""
        self.semantic.current()

    def keyword(self) -> KeywordIndex:
        """The keyword index (the first one is waited for: there is nothing else to use)."""
        index = self.keywords.wait(None, retry=True)
        if index is None:
            raise RuntimeError(f"no keyword product index: {self.keywords.error}")
        return index

    def get(self, wait_s: float = SEMANTIC_WAIT_S) -> ProductIndex:
        """The best index available within ``wait_s`` (blocking: call it in a worker thread).

        Only the very first semantic build is waited for; rebuilds never hold a search up.
        """
        index = self.semantic.wait(wait_s)
        if index is not None:
            return index
        if self.semantic.error is None:
            logger.info("semantic product index still loading: keyword search meanwhile")
        return self.keyword()


@dataclass
class ShoppingState:
    """The per-process state of the shopping actions, for one database engine."""

    engine: Engine
    search: ProductSearchIndex
    scores: ScoreCache


_state_lock = threading.Lock()
_state: ShoppingState | None = None


def shopping_state() -> ShoppingState:
    """This process's state (made on first use, remade when the engine changes)."""
    global _state
    served = services()
    with _state_lock:
        if _state is None or _state.engine is not served.engine:
            _state = ShoppingState(
                engine=served.engine,
                search=ProductSearchIndex(
                    served.engine,
                    served.settings.embedding_model_path,
                    served.settings.cache_dir,
                    max_age_s=served.settings.search_index_max_age_s,
                ),
                scores=ScoreCache(background=True),
            )
        return _state


def warm_up() -> None:
    """Start loading the semantic product index now (call at server start-up)."""
    shopping_state().search.start()
