"""The product search of a long-running process: semantic once ready, keywords meanwhile.

The semantic index needs the sentence-transformers model (seconds to load, then ~10 ms per
query), so it is first built in a background thread on the first search (or when the server
starts it). Until it is ready, or while the model cannot load (tried again every
``max_age_s``), searches use the keyword index, and the log says so. Both indexes are
:class:`~icrm_models.search.fresh_index.FreshIndex`es: rebuilt from the live catalogue when old.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from icrm_models.recommend.item_text import cache_file_for, cached_encode, text_encoder
from icrm_models.search.fresh_index import FreshIndex
from icrm_models.search.index import ProductIndex
from icrm_models.search.keyword_index import KeywordIndex

logger = logging.getLogger(__name__)

# How long a search waits for the first semantic index before using keywords this time.
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
