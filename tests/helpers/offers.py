"""Offer-planning tests: the plan for a customer who asked for suggestions."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from icrm_models.offers.planning import OfferPlan, plan_offer
from icrm_models.offers.policy import Moment
from tests.helpers.shop import AS_OF


def plan_asked(session: Session, models: Any, customer_id: int | None, **kwargs: Any) -> OfferPlan:
    """The plan for a customer who asked for suggestions, from models "v1", at the shop's now."""
    return plan_offer(
        session,
        customer_id=customer_id,
        version="v1",
        models=models,
        moment=Moment.ASKED,
        now=AS_OF,
        **kwargs,
    )
