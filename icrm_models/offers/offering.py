"""Make an offer in a conversation: plan it, then record what is shown.

Asked for ("what would you suggest?"), the customer gets the plan's products; a discount only
when the policy grants one and the customer agreed to marketing. Proactively (a friendly
goodbye), at most one product is suggested, and only when it is a personal, promotional offer
to a consenting customer in a conversation that has not been shown offers yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from icrm_models.offers.planning import OfferPlan, Scorer, Source, plan_offer
from icrm_models.offers.policy import Moment
from icrm_models.offers.records import ShownOffer, offers_in_conversation, show_offers


@dataclass(frozen=True)
class MadeOffer:
    """The plan and the offers shown from it (none when nothing was worth showing)."""

    plan: OfferPlan | None
    shown: list[ShownOffer] = field(default_factory=list)


def _show(
    session: Session, plan: OfferPlan, *, conversation_id: str, now: datetime
) -> list[ShownOffer]:
    offer = plan.offer
    return show_offers(
        session,
        items=[(r.product_id, r.reason) for r in offer.products],
        discount_pct=offer.discount_pct if offer.promotional else None,
        customer_id=plan.customer_id,
        conversation_id=conversation_id,
        model_version=plan.model_version,
        now=now,
    )


def make_offer(
    session: Session,
    *,
    customer_id: int | None,
    conversation_id: str,
    version: str | None,
    models: object,
    now: datetime,
    k: int = 3,
    scorer: Scorer | None = None,
) -> MadeOffer:
    """The suggestions a customer asked for, shown and recorded; commits."""
    plan = plan_offer(
        session,
        customer_id=customer_id,
        version=version,
        models=models,
        moment=Moment.ASKED,
        now=now,
        k=k,
        scorer=scorer,
        conversation_id=conversation_id,
    )
    if not plan.offer.products:
        return MadeOffer(plan)
    return MadeOffer(plan, _show(session, plan, conversation_id=conversation_id, now=now))


def worth_suggesting(plan: OfferPlan) -> bool:
    """A proactive suggestion only when it is personal and the policy calls it promotional."""
    return (
        plan.source is Source.MODEL
        and plan.marketing_consent
        and plan.offer.promotional
        and bool(plan.offer.products)
    )


def proactive_offer(
    session: Session,
    *,
    customer_id: int,
    conversation_id: str,
    version: str | None,
    models: object,
    now: datetime,
    scorer: Scorer | None = None,
) -> MadeOffer:
    """One soft suggestion at a natural moment, if it is worth it; commits when shown."""
    if offers_in_conversation(session, conversation_id) > 0:
        return MadeOffer(None)
    plan = plan_offer(
        session,
        customer_id=customer_id,
        version=version,
        models=models,
        moment=Moment.PROACTIVE,
        now=now,
        k=1,
        scorer=scorer,
        conversation_id=conversation_id,
    )
    if not worth_suggesting(plan):
        return MadeOffer(plan)
    return MadeOffer(plan, _show(session, plan, conversation_id=conversation_id, now=now))
