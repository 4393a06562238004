"""What the shopping actions keep per action-server process: the product search and scores.

Both are tied to the process's database engine: a new engine (tests, a reconfigured server)
gets a fresh state. How the search indexes are built and kept fresh is
:mod:`icrm_models.search.serving`'s business.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import Engine

from actions.services import services
from icrm_models.offers.scoring import ScoreCache
from icrm_models.search.serving import ProductSearchIndex


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
