"""The promoted customer models as the offer actions use them."""

from __future__ import annotations

import asyncio
from datetime import datetime

from actions.services import services
from actions.shopping.state import shopping_state
from icrm_models import clock
from icrm_models.offers.planning import Scorer
from icrm_models.offers.scoring import CustomerScores, score_customers
from icrm_models.registry.bundle import ModelBundle

# Scoring every customer runs in the background (see ScoreCache), so planning an offer is a
# handful of look-ups; the bound is for a database that hangs.
OFFER_TIMEOUT_S = 10.0


async def promoted_models() -> tuple[str | None, object]:
    """(version, models) promoted now; loading a new version happens off the event loop.

    ``models`` is the artefact as loaded: the offer planning checks it is a usable bundle.
    """
    return await asyncio.to_thread(services().models.get)


def cached_scorer(version: str | None, now: datetime) -> Scorer:
    """Segments and propensities of ``version``'s models, cached per process."""
    state = shopping_state()

    def score(bundle: ModelBundle) -> CustomerScores | None:
        return state.scores.get(version or "", lambda: score_customers(state.engine, bundle, now))

    return score


def warm_scores(version: str | None, models: object) -> None:
    """Start scoring every customer with the promoted models (in the background)."""
    if version is None or not isinstance(models, ModelBundle):
        return
    cached_scorer(version, clock.utc_now())(models)
