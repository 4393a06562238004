"""What the shopping actions keep per action-server process: the product index and scores.

The semantic index needs the sentence-transformers model (seconds to load, then ~10 ms per
query), so it is built once, in a background thread, on the first search (or by
:func:`warm_up` at start-up). Until it is ready — or for good, when the model cannot load —
searches use the keyword index, and the log says so. Both are tied to the process's database
engine: a new engine (tests, a reconfigured server) gets a fresh state.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from actions.services import services
from icrm_models.offers.keyword_index import KeywordIndex
from icrm_models.offers.scoring import ScoreCache
from icrm_models.recommend.item_text import cache_file_for, cached_encode, text_encoder
from icrm_models.recommend.search import ProductIndex

logger = logging.getLogger(__name__)

# How long a search waits for the semantic index before using keywords this time.
SEMANTIC_WAIT_S = 3.0


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


class ProductSearchIndex:
    """The semantic index once built; the keyword index while it isn't (or can't be)."""

    def __init__(
        self, engine: Engine, model_path: Path | None, cache_dir: Path | None = None
    ) -> None:
        self.engine = engine
        self.model_path = model_path
        self.cache_dir = cache_dir
        self._lock = threading.Lock()
        self._semantic: Future[ProductIndex] | None = None
        self._keyword: KeywordIndex | None = None
        self._failure_logged = False

    def start(self) -> None:
        """Start building the semantic index in the background (once)."""
        with self._lock:
            if self._semantic is not None:
                return
            future: Future[ProductIndex] = Future()
            self._semantic = future

        def work() -> None:
            try:
                future.set_result(
                    build_semantic_index(self.engine, self.model_path, self.cache_dir)
                )
                logger.info("semantic product search ready")
            except BaseException as exc:  # reported through the future
                future.set_exception(exc)

        threading.Thread(target=work, name="product-index", daemon=True).start()

    def keyword(self) -> KeywordIndex:
        """The keyword index (built on first use)."""
        with self._lock:
            if self._keyword is None:
                self._keyword = KeywordIndex.from_catalogue(self.engine)
            return self._keyword

    def get(self, wait_s: float = SEMANTIC_WAIT_S) -> ProductIndex:
        """The best index available within ``wait_s`` (blocking: call it in a worker thread)."""
        self.start()
        assert self._semantic is not None
        try:
            return self._semantic.result(timeout=wait_s)
        except FutureTimeout:
            logger.info("semantic product index still loading: keyword search meanwhile")
        except Exception as exc:
            if not self._failure_logged:
                self._failure_logged = True
                logger.error("semantic product search unavailable (%s): keyword search", exc)
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
                ),
                scores=ScoreCache(background=True),
            )
        return _state


def warm_up() -> None:
    """Start loading the semantic product index now (call at server start-up)."""
    shopping_state().search.start()
