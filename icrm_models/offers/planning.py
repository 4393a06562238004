"""Which products to offer a customer now, with or without a discount, and from which model.

The promoted models personalise: the blended recommender picks products (each with a reason),
segment and propensity let the offer policy decide whether a discount changes anything, and
marketing consent decides whether anything promotional is said at all. Whenever the models
cannot serve this customer — none promoted, an unusable artefact, a customer they have never
seen — popular products stand in and the plan says why, so the caller can log it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import numpy as np
from sqlalchemy import select, union
from sqlalchemy.orm import Session

from icrm_models.db.schema import Customer, Offer, Order, OrderItem, Product
from icrm_models.db.statuses import OfferStatus
from icrm_models.offers.interests import ChatInterests, chat_interests
from icrm_models.offers.policy import Moment, decide_offer
from icrm_models.offers.policy import Offer as PolicyOffer
from icrm_models.offers.popularity import POPULAR_REASON, popular_products
from icrm_models.offers.scoring import CustomerScores
from icrm_models.offers.shared_cache import PerDatabaseCache, engine_of
from icrm_models.recommend.cold_start import SEGMENT_REASON
from icrm_models.recommend.personal import (
    Catalogue,
    Recommendation,
    recommend_for,
    returned_query,
)
from icrm_models.registry.bundle import ModelBundle, checked_bundle

logger = logging.getLogger(__name__)

POPULARITY_VERSION = "popularity"  # the offers' model_version when no model chose them
RECENT_DAYS = 30  # bought or declined within this many days: not offered again
# Names and categories change rarely: the catalogue is read once per database and five
# minutes; stock is checked fresh for the products actually picked.
CATALOGUE_TTL_S = 300.0
_catalogues: PerDatabaseCache[Catalogue] = PerDatabaseCache(CATALOGUE_TTL_S)


class Source(StrEnum):
    MODEL = "model"
    POPULARITY = "popularity"


@dataclass(frozen=True)
class OfferPlan:
    """The offer, which model version chose it, and (for popularity) why no model did."""

    offer: PolicyOffer
    model_version: str
    source: Source
    fallback: str | None = None  # why popular products stand in
    segment: str | None = None
    propensity: float | None = None
    marketing_consent: bool = False
    customer_id: int | None = None  # None: a guest (or an erased account)


# Segments and propensities for a bundle; None while they are still being computed.
Scorer = Callable[[ModelBundle], CustomerScores | None]


def _not_to_offer(session: Session, customer_id: int, now: datetime) -> set[int]:
    """Products the customer returned, bought or declined recently.

    One query (a union of the three) on the caller's session: every chat turn with an offer
    asks, and three separate queries on fresh connections cost about twice as long.
    """
    since = now - timedelta(days=RECENT_DAYS)
    bought = (
        select(OrderItem.product_id)
        .join(Order, Order.id == OrderItem.order_id)
        .where(Order.customer_id == customer_id, Order.placed_at >= since)
    )
    declined = select(Offer.product_id).where(
        Offer.customer_id == customer_id,
        Offer.status == OfferStatus.DECLINED,
        Offer.responded_at >= since,
    )
    rows = session.execute(union(returned_query(customer_id), bought, declined)).scalars()
    return {int(p) for p in rows if p is not None}


def _unavailable(session: Session, product_ids: list[int]) -> set[int]:
    """Which of ``product_ids`` cannot be bought right now (sold out or withdrawn)."""
    if not product_ids:
        return set()
    rows = session.execute(
        select(Product.id).where(
            Product.id.in_(product_ids), (Product.stock <= 0) | Product.is_active.is_(False)
        )
    ).scalars()
    return {int(pid) for pid in rows}


def _personal_picks(
    session: Session,
    bundle: ModelBundle,
    customer_id: int,
    *,
    k: int,
    exclude: set[int],
    interests: ChatInterests,
) -> list[Recommendation]:
    """The recommender's picks, re-picked when one has sold out since the catalogue was read."""
    engine = engine_of(session)
    catalogue = _catalogues.get(engine, "catalogue", lambda: Catalogue.load(engine))
    banned = set(exclude)
    picks: list[Recommendation] = []
    for _attempt in range(3):
        picks = recommend_for(
            bundle.recommender,
            customer_id,
            catalogue,
            k=k,
            exclude=banned,
            interests=interests.product_ids,
            rules=bundle.rules,
        )
        gone = _unavailable(session, [p.product_id for p in picks])
        if not gone:
            return picks
        banned |= gone
    return [p for p in picks if p.product_id not in banned]


def forget_catalogues() -> None:
    """Drop cached catalogues (after bulk catalogue changes, and between tests)."""
    _catalogues.clear()


def _popular(
    session: Session,
    *,
    customer: Customer | None,
    moment: Moment,
    now: datetime,
    k: int,
    exclude: set[int],
    why: str,
    interests: ChatInterests,
    lead: ColdStartLead | None = None,
) -> OfferPlan:
    picks = popular_products(
        session,
        now=now,
        k=k,
        exclude=exclude,
        prefer_categories=interests.categories,
        lead=lead.products if lead else (),
        lead_reason=lead.reason if lead else POPULAR_REASON,
    )
    if customer is None:
        offer = (
            PolicyOffer(products=picks, why="guest: popular products")
            if moment is Moment.ASKED
            else PolicyOffer(why="guest: no proactive offer")
        )
    else:
        offer = decide_offer(
            recommendations=picks,
            propensity=None,
            segment=None,
            marketing_consent=customer.marketing_consent,
            moment=moment,
        )
    return OfferPlan(
        offer=offer,
        model_version=POPULARITY_VERSION,
        source=Source.POPULARITY,
        fallback=why,
        segment=lead.segment if lead else None,
        marketing_consent=bool(customer and customer.marketing_consent),
        customer_id=customer.id if customer else None,
    )


def _scores_of(
    scorer: Scorer | None, bundle: ModelBundle, customer_id: int, version: str
) -> tuple[str | None, float | None]:
    """The customer's segment and purchase probability, or None where they are not known.

    Scoring is optional: when it is not ready or fails, the offer is decided without it.
    """
    if scorer is None:
        return None, None
    try:
        scores = scorer(bundle)
    except Exception as exc:  # scoring is optional: decide without it
        logger.warning("models %s cannot score customers", version, exc_info=exc)
        return None, None
    if scores is None:
        logger.info("scores of models %s not ready: deciding without them", version)
        return None, None
    return scores.segments.get(customer_id), scores.propensity.get(customer_id)


def plan_offer(
    session: Session,
    *,
    customer_id: int | None,
    version: str | None,
    models: object,
    moment: Moment,
    now: datetime,
    k: int = 3,
    scorer: Scorer | None = None,
    conversation_id: str | None = None,
) -> OfferPlan:
    """The offer for ``customer_id`` (None: a guest) from the promoted ``(version, models)``.

    ``models`` is the promoted artefact as the registry loaded it: anything but a usable
    :class:`ModelBundle` gives popular products, and the plan says why.

    ``scorer`` gives segments and propensities for a bundle (cached by the caller); without
    it, or when it fails, the policy decides without them. What the customer showed interest
    in during chats (this ``conversation_id``, and their recent ones) steers the products:
    close products move up, and popular ones come from the categories asked about.
    """
    customer = session.get(Customer, customer_id) if customer_id is not None else None
    if customer is not None and customer.deleted_at is not None:
        customer = None
    interests = chat_interests(
        session,
        customer_id=customer.id if customer else None,
        conversation_id=conversation_id,
        now=now,
    )
    if customer is None:
        return _popular(
            session,
            customer=None,
            moment=moment,
            now=now,
            k=k,
            exclude=set(),
            why="guest",
            interests=interests,
        )
    exclude = _not_to_offer(session, customer.id, now)

    def fallback(why: str, lead: ColdStartLead | None = None) -> OfferPlan:
        return _popular(
            session,
            customer=customer,
            moment=moment,
            now=now,
            k=k,
            exclude=exclude,
            why=why,
            interests=interests,
            lead=lead,
        )

    if version is None or models is None:
        return fallback("no promoted models")
    picks: list[Recommendation] = []
    try:
        bundle = checked_bundle(models)
        known = bool(bundle.recommender.data_.rows_of(np.array([customer.id]))[0] >= 0)
        if known:
            picks = _personal_picks(
                session, bundle, customer.id, k=k, exclude=exclude, interests=interests
            )
    except Exception as exc:  # a broken artefact fails in any way; the shop must still answer
        logger.warning("models %s unusable for customer %s", version, customer.id, exc_info=exc)
        return fallback(f"broken model artefacts ({type(exc).__name__}: {exc})"[:200])
    if not known:
        return _cold_start(bundle, version, customer.id, scorer, fallback)
    if not picks:
        return fallback("the models found nothing offerable")
    segment, propensity = _scores_of(scorer, bundle, customer.id, version)
    offer = decide_offer(
        recommendations=picks,
        propensity=propensity,
        segment=segment,
        marketing_consent=customer.marketing_consent,
        moment=moment,
    )
    return OfferPlan(
        offer=offer,
        model_version=version,
        source=Source.MODEL,
        segment=segment,
        propensity=propensity,
        marketing_consent=customer.marketing_consent,
        customer_id=customer.id,
    )


@dataclass(frozen=True)
class ColdStartLead:
    """Best-sellers to offer ahead of the shop-wide ones, why, and for which segment."""

    products: list[int]
    reason: str
    segment: str | None


def _cold_start(
    bundle: ModelBundle,
    version: str,
    customer_id: int,
    scorer: Scorer | None,
    fallback: Callable[[str, ColdStartLead | None], OfferPlan],
) -> OfferPlan:
    """Best-sellers of the customer's segment (scored as of now: they may have bought since
    the training), or what new customers bought first when they never bought."""
    why = "cold start: the models have not seen this customer buy"
    segment, _ = _scores_of(scorer, bundle, customer_id, version)
    products, reason = bundle.cold_start.ranking(segment)
    if not products:
        return fallback(why, None)
    source = f"best-sellers of segment {segment}" if reason == SEGMENT_REASON else "first buys"
    return fallback(f"{why}; {source}", ColdStartLead(products, reason, segment))
